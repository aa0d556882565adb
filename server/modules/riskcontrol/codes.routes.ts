import type { FastifyPluginAsync } from 'fastify';

export const codesRoutes: FastifyPluginAsync = async () => {};
