/**
 * The mass-testing module (区域核酸检测): one Fastify plugin registering its route groups.
 * Conventions of the module: README.md beside this file.
 */
import type { FastifyPluginAsync } from 'fastify';
import { tagModule } from '../../platform/module.js';
import { bulkRoutes } from './bulk.routes.js';
import { coverageRoutes } from './coverage.routes.js';
import { labRoutes } from './lab.routes.js';
import { residentRoutes } from './resident.routes.js';
import { roundsRoutes } from './rounds.routes.js';
import { samplingRoutes } from './sampling.routes.js';
import { sitesRoutes } from './sites.routes.js';
import { tasksRoutes } from './tasks.routes.js';

export const testingPlugin: FastifyPluginAsync = async (app) => {
  tagModule(app, 'testing');
  await app.register(roundsRoutes);
  await app.register(sitesRoutes);
  await app.register(samplingRoutes);
  await app.register(bulkRoutes);
  await app.register(labRoutes);
  await app.register(tasksRoutes);
  await app.register(coverageRoutes);
  await app.register(residentRoutes);
};
