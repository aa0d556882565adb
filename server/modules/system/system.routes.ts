/**
 * Health probes and the public facts the login page needs.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { Type } from 'typebox';
import { ROLE_DEFINITIONS } from '../../../domain/access.js';
import { parseJurisdictionCode } from '../../../domain/jurisdiction.js';
import { schemaStatus } from '../../db/migrate.js';
import { version } from '../../paths.js';
import { tagModule } from '../../platform/module.js';
import { findJurisdiction } from '../jurisdictions/jurisdictions.service.js';
import { DEMO_PASSWORD, listDemoAccounts } from './bootstrap.js';

export const systemRoutes: FastifyPluginAsyncTypebox<{ isClosing: () => boolean }> = async (
  app,
  { isClosing },
) => {
  tagModule(app, 'system');
  let schemaReady = false;

  app.get(
    '/healthz',
    { schema: { tags: ['system'], summary: 'Liveness: the process answers' }, config: { access: 'public' } },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['system'],
        summary: 'Readiness: database reachable, schema current, not shutting down',
      },
      config: { access: 'public' },
    },
    async (_request, reply) => {
      const checks: Record<string, string> = {};
      if (isClosing()) checks.server = 'shutting down';
      try {
        await sql`select 1`.execute(app.db);
        if (!schemaReady) {
          const status = await schemaStatus(app.db);
          if (status.pending.length > 0) checks.schema = `pending migrations: ${status.pending.join(', ')}`;
          else schemaReady = true;
        }
      } catch (error) {
        checks.database = (error as Error).message;
      }
      const ready = Object.keys(checks).length === 0;
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
    },
  );

  app.get(
    '/api/system/info',
    {
      schema: {
        tags: ['system'],
        summary: 'Version, city and demo mode (public: the login page shows it)',
        response: {
          200: Type.Object({
            name: Type.String(),
            version: Type.String(),
            demo: Type.Boolean(),
            city: Type.Object({ code: Type.String(), name: Type.String() }),
            demoAccounts: Type.Array(
              Type.Object({
                username: Type.String(),
                role: Type.String(),
                roleLabel: Type.Object({ zh: Type.String(), en: Type.String() }),
                jurisdictionName: Type.String(),
              }),
            ),
            demoPassword: Type.Union([Type.String(), Type.Null()]),
          }),
        },
      },
      config: { access: 'public' },
    },
    async () => {
      const { demo, city } = app.settings;
      const cityRow = await findJurisdiction(app.db, parseJurisdictionCode(city)!.code);
      const accounts = demo ? await listDemoAccounts(app.db) : [];
      return {
        name: 'Cordon',
        version,
        demo,
        city: { code: cityRow?.code ?? city, name: cityRow?.short_name ?? '' },
        demoAccounts: accounts.map((a) => ({
          username: a.username,
          role: a.role,
          roleLabel: ROLE_DEFINITIONS[a.role].label,
          jurisdictionName: a.jurisdictionName,
        })),
        demoPassword: demo ? DEMO_PASSWORD : null,
      };
    },
  );
};
