import type { FastifyPluginAsync } from 'fastify';

export const checkpointsRoutes: FastifyPluginAsync = async () => {};
