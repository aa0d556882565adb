/**
 * /api/risk/zones — zones (封控区 / 管控区 / 防范区, or high / medium / low risk areas): declaring,
 * lists, the county map, the zone page, linking cases, evaluating and lifting. Handlers stay thin;
 * zones.service.ts and zones.lift.ts hold the rules.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Permission } from '../../../domain/access.js';
import { contextOf } from '../../platform/context.js';
import { errorResponses } from '../../platform/schemas.js';
import { liftZone } from './zones.lift.js';
import {
  EvaluateInput,
  IdParams,
  LiftInput,
  LiftResult,
  LinkCasesInput,
  ZoneDetail,
  ZoneInput,
  ZoneList,
  ZoneListQuery,
  ZoneMap,
  ZoneMapQuery,
} from './zones.schema.js';
import * as zones from './zones.service.js';

const tags = ['risk'];
const withConflict = { ...errorResponses, 409: Type.Ref('ErrorResponse') };

export const zonesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/risk/zones',
    {
      schema: {
        tags,
        summary: 'Zones in my subtree (and those covering my home), each with its lifting state',
        querystring: ZoneListQuery,
        response: { 200: ZoneList, ...errorResponses },
      },
      config: { access: Permission.RiskRead },
    },
    async (request) => zones.listZones(contextOf(request), request.query),
  );

  app.get(
    '/api/risk/zones/map',
    {
      schema: {
        tags,
        summary: 'Counties under a place with their strongest active zone and counts per kind',
        querystring: ZoneMapQuery,
        response: { 200: ZoneMap, ...errorResponses },
      },
      config: { access: Permission.RiskRead },
    },
    async (request) => zones.zoneMap(contextOf(request), request.query.at),
  );

  app.post(
    '/api/risk/zones',
    {
      schema: {
        tags,
        summary:
          'Declare a zone over a jurisdiction (replaces an active zone of another kind there); sealing a village or above makes its community gates',
        body: ZoneInput,
        response: { 201: ZoneDetail, ...withConflict },
      },
      config: { access: Permission.RiskZones },
    },
    async (request, reply) => reply.code(201).send(await zones.declareZone(contextOf(request), request.body)),
  );

  app.get(
    '/api/risk/zones/:id',
    {
      schema: {
        tags,
        summary: 'A zone: its lifting conditions, cases (masked names), gates and history',
        params: IdParams,
        response: { 200: ZoneDetail, ...errorResponses },
      },
      config: { access: Permission.RiskRead },
    },
    async (request) => zones.getZone(contextOf(request), request.params.id),
  );

  app.post(
    '/api/risk/zones/:id/cases',
    {
      schema: {
        tags,
        summary: 'Link more cases (by case number) to an active zone',
        params: IdParams,
        body: LinkCasesInput,
        response: { 200: ZoneDetail, ...withConflict },
      },
      config: { access: Permission.RiskZones },
    },
    async (request) => zones.addZoneCases(contextOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/risk/zones/:id/evaluate',
    {
      schema: {
        tags,
        summary:
          "Evaluate an active zone against its edition's lifting rules now (or on a past day) and store the state",
        params: IdParams,
        body: EvaluateInput,
        response: { 200: ZoneDetail, ...withConflict },
      },
      config: { access: Permission.RiskZones },
    },
    async (request) => zones.evaluateNow(contextOf(request), request.params.id, request.body.on),
  );

  app.post(
    '/api/risk/zones/:id/lift',
    {
      schema: {
        tags,
        summary:
          'Lift a zone, or step a 9th-edition area down; refused (409) while conditions are unmet unless overridden with a reason',
        params: IdParams,
        body: LiftInput,
        response: { 200: LiftResult, ...withConflict },
      },
      config: { access: Permission.RiskZones },
    },
    async (request) => liftZone(contextOf(request), request.params.id, request.body),
  );
};
