/**
 * The tracing module (流调溯源): one Fastify plugin registering its route groups.
 * Conventions of the module: README.md beside this file.
 */
import type { FastifyPluginAsync } from 'fastify';
import { tagModule } from '../../platform/module.js';
import { assistRoutes } from './assist.routes.js';
import { casesRoutes } from './cases.routes.js';
import { chainsRoutes } from './chains.routes.js';
import { contactsRoutes } from './contacts.routes.js';
import { dashboardRoutes } from './dashboard.routes.js';
import { exposureRoutes } from './exposure.routes.js';
import { teamsRoutes } from './teams.routes.js';

export const tracingPlugin: FastifyPluginAsync = async (app) => {
  tagModule(app, 'tracing');
  await app.register(casesRoutes);
  await app.register(teamsRoutes);
  await app.register(dashboardRoutes);
  await app.register(contactsRoutes);
  await app.register(assistRoutes);
  await app.register(exposureRoutes);
  await app.register(chainsRoutes);
};
