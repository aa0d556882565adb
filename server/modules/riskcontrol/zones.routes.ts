import type { FastifyPluginAsync } from 'fastify';

export const zonesRoutes: FastifyPluginAsync = async () => {};
