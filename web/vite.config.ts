import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web app builds into dist/web, which the server serves at / (server/platform/static.ts).
// `npx vite --config web/vite.config.ts` runs it in development against a server on :3000.
export default defineConfig({
  root: path.resolve(import.meta.dirname),
  plugins: [react()],
  build: {
    outDir: path.resolve(import.meta.dirname, '../dist/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      output: {
        // Libraries in chunks of their own: they change less often than the app, so browsers keep
        // them cached across releases. ECharts stays with the overview that lazily loads it.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/ },
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|dayjs)[\\/]/ },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    // Keep the browser's Host header: the server refuses state-changing requests whose Origin is
    // not its own host (CROSS_ORIGIN), and Vite's string shorthand would rewrite it.
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
      '/docs': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
});
