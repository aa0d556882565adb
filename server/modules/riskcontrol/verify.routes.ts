/**
 * /api/risk — the checkpoint's side: my checkpoints, verification (online, logged), offline checks
 * synced later, and the daily statistics per checkpoint and shift. verify.service.ts decides.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Permission } from '../../../domain/access.js';
import { contextOf } from '../../platform/context.js';
import { errorResponses } from '../../platform/schemas.js';
import {
  CheckpointInfoList,
  CheckpointParams,
  CheckpointStats,
  StatsQuery,
  SyncBody,
  SyncResult,
  VerifyBody,
  VerifyResult,
} from './verify.schema.js';
import { myCheckpoints, verifyAtCheckpoint } from './verify.service.js';
import { checkpointStats } from './verify.stats.js';
import { syncChecks } from './verify.sync.js';

const tags = ['riskcontrol'];
const errors = { ...errorResponses, 409: Type.Ref('ErrorResponse') };

export const verifyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/risk/checkpoints/mine',
    {
      schema: {
        tags,
        summary: 'The open checkpoints of my subtree I may check at, with their policy',
        response: { 200: CheckpointInfoList, ...errorResponses },
      },
      config: { access: Permission.RiskVerify },
    },
    async (request) => myCheckpoints(contextOf(request)),
  );

  app.post(
    '/api/risk/checkpoints/:id/verify',
    {
      schema: {
        tags,
        summary:
          'Verify a pass or code token, a plate or an ID number here: pass or turn back with every reason (logged, audited)',
        params: CheckpointParams,
        body: VerifyBody,
        response: { 200: VerifyResult, ...errors },
      },
      config: { access: Permission.RiskVerify },
    },
    async (request) =>
      verifyAtCheckpoint(contextOf(request), request.server.signing, request.params.id, request.body),
  );

  app.post(
    '/api/risk/checkpoints/:id/checks',
    {
      schema: {
        tags,
        summary: 'Checks decided offline by a phone, logged once each (idempotent by clientId)',
        params: CheckpointParams,
        body: SyncBody,
        response: { 200: SyncResult, ...errors },
      },
      config: { access: Permission.RiskVerify },
    },
    async (request) =>
      syncChecks(
        contextOf(request),
        request.server.signing,
        request.params.id,
        request.body.checks as Array<Record<string, unknown>>,
      ),
  );

  app.get(
    '/api/risk/checkpoint-stats',
    {
      schema: {
        tags,
        summary: "A day's checks per checkpoint and shift: vehicles, people, passed, turned back by reason",
        querystring: StatsQuery,
        response: { 200: CheckpointStats, ...errorResponses },
      },
      config: { access: Permission.RiskRead },
    },
    async (request) => checkpointStats(contextOf(request), request.query),
  );
};
