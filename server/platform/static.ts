/**
 * Serves the built web app (dist/web) from the same server: hashed assets cached for a year,
 * index.html never cached, unknown non-API paths answered with index.html (client-side routing).
 */
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { Errors } from './errors.js';

export async function registerWebApp(app: FastifyInstance, webDir: string | null): Promise<void> {
  const index = webDir ? path.join(webDir, 'index.html') : null;
  const built = index !== null && fs.existsSync(index);
  if (built) {
    await app.register(fastifyStatic, {
      root: webDir!,
      wildcard: false,
      index: false,
      setHeaders: (reply, filePath) => {
        reply.header(
          'cache-control',
          filePath.includes(`${path.sep}assets${path.sep}`)
            ? 'public, max-age=31536000, immutable'
            : 'no-cache',
        );
      },
    });
  }
  app.setNotFoundHandler(async (request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    // A dotted path is a missing file, not a page — except a resident's link, /r/<person>.<mac>.
    const missingFile = path.extname(url) !== '' && !url.startsWith('/r/');
    if (url.startsWith('/api/') || url.startsWith('/docs') || request.method !== 'GET' || missingFile) {
      throw Errors.routeNotFound(request.method, url);
    }
    if (!built) {
      return reply
        .type('text/plain; charset=utf-8')
        .send('The web app is not built. Run `npm run build` (or `npm start`, which builds it).');
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
