/**
 * /api/risk/checkpoints — checkpoints of every kind, their three-shift roster, and /api/risk/staffing
 * (the roll-up per village, town or county). Handlers stay thin; checkpoints.service.ts and
 * checkpoints.roster.ts hold the rules. (The verification routes under /checkpoints/:id/… belong to
 * verify.routes.ts.)
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Permission } from '../../../domain/access.js';
import { contextOf } from '../../platform/context.js';
import { errorResponses } from '../../platform/schemas.js';
import { getRoster, setShift, staffing } from './checkpoints.roster.js';
import {
  CheckpointInput,
  CheckpointList,
  CheckpointListQuery,
  CheckpointPatch,
  CheckpointSummary,
  IdParams,
  Roster,
  RosterQuery,
  ShiftInput,
  ShiftParams,
  StaffingQuery,
  StaffingRollup,
} from './checkpoints.schema.js';
import * as checkpoints from './checkpoints.service.js';

const tags = ['risk'];
const withConflict = { ...errorResponses, 409: Type.Ref('ErrorResponse') };

export const checkpointsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/risk/checkpoints',
    {
      schema: {
        tags,
        summary: 'Checkpoints in my subtree, with the staffing of the current (or a given) shift',
        querystring: CheckpointListQuery,
        response: { 200: CheckpointList, ...errorResponses },
      },
      config: { access: Permission.RiskRead },
    },
    async (request) => checkpoints.listCheckpoints(contextOf(request), request.query),
  );

  app.post(
    '/api/risk/checkpoints',
    {
      schema: {
        tags,
        summary: 'Create a checkpoint (code unique city-wide; policy per crossing, default by kind)',
        body: CheckpointInput,
        response: { 201: CheckpointSummary, ...errorResponses },
      },
      config: { access: Permission.RiskCheckpoints },
    },
    async (request, reply) =>
      reply.code(201).send(await checkpoints.createCheckpoint(contextOf(request), request.body)),
  );

  app.get(
    '/api/risk/checkpoints/:id',
    {
      schema: {
        tags,
        summary: 'A checkpoint',
        params: IdParams,
        response: { 200: CheckpointSummary, ...errorResponses },
      },
      config: { access: Permission.RiskRead },
    },
    async (request) => checkpoints.getCheckpoint(contextOf(request), request.params.id),
  );

  app.patch(
    '/api/risk/checkpoints/:id',
    {
      schema: {
        tags,
        summary: 'Edit a checkpoint (name, location, policy, staff per shift, active) at a known version',
        params: IdParams,
        body: CheckpointPatch,
        response: { 200: CheckpointSummary, ...withConflict },
      },
      config: { access: Permission.RiskCheckpoints },
    },
    async (request) => checkpoints.updateCheckpoint(contextOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/risk/checkpoints/:id/roster',
    {
      schema: {
        tags,
        summary: 'The three-shift roster of a checkpoint over a date range (phones masked)',
        params: IdParams,
        querystring: RosterQuery,
        response: { 200: Roster, ...errorResponses },
      },
      config: { access: Permission.RiskRead },
    },
    async (request) => getRoster(contextOf(request), request.params.id, request.query),
  );

  app.post(
    '/api/risk/checkpoints/:id/roster/:day/:shift',
    {
      schema: {
        tags,
        summary: "Set the staff of a day's shift (accounts of the area by id, or a name and phone)",
        params: ShiftParams,
        body: ShiftInput,
        response: { 200: Roster, ...errorResponses },
      },
      config: { access: Permission.RiskCheckpoints },
    },
    async (request) =>
      setShift(contextOf(request), request.params.id, request.params.day, request.params.shift, request.body),
  );

  app.get(
    '/api/risk/staffing',
    {
      schema: {
        tags,
        summary: 'Active checkpoints and how many are fully staffed for a shift, per village, town or county',
        querystring: StaffingQuery,
        response: { 200: StaffingRollup, ...errorResponses },
      },
      config: { access: Permission.RiskRead },
    },
    async (request) => staffing(contextOf(request), request.query),
  );
};
