import { defineConfig } from 'vitest/config';

// Browser tests: the real server (built: `node scripts/build.mjs`, which `npm run test:e2e` runs
// first) on a fresh database per file, driven through Chromium. One file at a time: each starts
// its own server and browser.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // expect.poll waits 1 s by default: too short for a server that is still working through its
    // start-up events (the demo's outbox) on a busy 2-core machine.
    expect: { poll: { timeout: 15_000 } },
  },
});
