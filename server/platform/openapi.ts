/**
 * OpenAPI 3 generated from the route schemas, browsable at /docs (JSON at /docs/json).
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { version } from '../paths.js';
import { ErrorResponse } from './schemas.js';

export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  app.addSchema(ErrorResponse);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Cordon API',
        version,
        description:
          'Outbreak-response command platform. Log in with POST /api/auth/login (session cookie), then send ' +
          'the returned csrfToken as the x-csrf-token header on every state-changing request. Every list ' +
          "is limited to the user's jurisdiction. Errors: { error: { code, message, details, requestId } }.",
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'cordon_session' } },
      },
      security: [{ session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
}
