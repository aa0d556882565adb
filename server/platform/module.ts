import type { FastifyInstance } from 'fastify';

/** Tags every log line of a module's requests with `module` (called first in each module plugin). */
export function tagModule(app: FastifyInstance, name: string): void {
  app.addHook('onRequest', async (request) => {
    request.log = request.log.child({ module: name });
  });
}
