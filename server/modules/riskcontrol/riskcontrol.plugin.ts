/**
 * The risk-control module (封控管控): one Fastify plugin registering its route groups.
 * Conventions of the module: README.md beside this file.
 */
import type { FastifyPluginAsync } from 'fastify';
import { tagModule } from '../../platform/module.js';
import { checkpointsRoutes } from './checkpoints.routes.js';
import { codesRoutes } from './codes.routes.js';
import { passesRoutes } from './passes.routes.js';
import { verifyRoutes } from './verify.routes.js';
import { zonesRoutes } from './zones.routes.js';

export const riskcontrolPlugin: FastifyPluginAsync = async (app) => {
  tagModule(app, 'riskcontrol');
  await app.register(zonesRoutes);
  await app.register(checkpointsRoutes);
  await app.register(codesRoutes);
  await app.register(passesRoutes);
  await app.register(verifyRoutes);
};
