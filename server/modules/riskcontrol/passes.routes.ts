import type { FastifyPluginAsync } from 'fastify';

export const passesRoutes: FastifyPluginAsync = async () => {};
