/**
 * /api/tracing/cases… and /api/tracing/investigators — the case list and page, reporting a case,
 * the interview, the 2+4+24 clocks, assignment, the call log and the itinerary.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Permission } from '../../../domain/access.js';
import { contextOf } from '../../platform/context.js';
import { Ok, errorResponses } from '../../platform/schemas.js';
import {
  AssignInput,
  CallEntry,
  CallInput,
  CallList,
  CaseCreated,
  CaseDetail,
  CaseInput,
  CaseList,
  CaseListQuery,
  CasePatch,
  ClockInput,
  EntryParams,
  IdParams,
  InvestigatorQuery,
  ItineraryEntry,
  ItineraryInput,
  ItineraryPatch,
  UserRefList,
} from './cases.schema.js';
import * as cases from './cases.service.js';
import * as investigation from './investigation.service.js';
import * as itinerary from './itinerary.service.js';

const tags = ['tracing'];
const errors = { ...errorResponses, 409: Type.Ref('ErrorResponse') };

export const casesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/tracing/cases',
    {
      schema: {
        tags,
        summary: 'Cases I may open (my subtree, or assigned to me or my team), overdue first (audited)',
        querystring: CaseListQuery,
        response: { 200: CaseList, ...errors },
      },
      config: { access: Permission.TracingRead },
    },
    async (request) => cases.listCases(contextOf(request), request.query),
  );

  app.post(
    '/api/tracing/cases',
    {
      schema: {
        tags,
        summary: 'Report a case by hand or from a hospital: a person of the base, or someone outside it',
        body: CaseInput,
        response: { 201: CaseCreated, ...errors },
      },
      config: { access: Permission.TracingReport },
    },
    async (request, reply) =>
      reply.code(201).send({ case: await cases.createCase(contextOf(request), request.body) }),
  );

  app.get(
    '/api/tracing/cases/:id',
    {
      schema: {
        tags,
        summary: 'One case: clocks, look-back window, interview, itinerary, calls (audited)',
        params: IdParams,
        response: { 200: CaseDetail, ...errors },
      },
      config: { access: Permission.TracingRead },
    },
    async (request) => cases.caseDetail(contextOf(request), request.params.id),
  );

  app.patch(
    '/api/tracing/cases/:id',
    {
      schema: {
        tags,
        summary: 'Edit a case and its interview; `version` must be the one loaded (409 otherwise)',
        params: IdParams,
        body: CasePatch,
        response: { 200: CaseDetail, ...errors },
      },
      config: { access: Permission.TracingInvestigate },
    },
    async (request) => cases.updateCase(contextOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/tracing/cases/:id/clocks',
    {
      schema: {
        tags,
        summary: 'Mark one of the 2+4+24 clocks done (report: every named close contact under control)',
        params: IdParams,
        body: ClockInput,
        response: { 200: CaseDetail, ...errors },
      },
      config: { access: Permission.TracingInvestigate },
    },
    async (request) => {
      const ctx = contextOf(request);
      const row = await investigation.markClock(ctx, request.params.id, request.body);
      return cases.presentDetail(ctx.db, row, new Date());
    },
  );

  app.post(
    '/api/tracing/cases/:id/assign',
    {
      schema: {
        tags,
        summary: 'Assign the case to an investigator and/or a joint team (null clears)',
        params: IdParams,
        body: AssignInput,
        response: { 200: CaseDetail, ...errors },
      },
      config: { access: Permission.TracingAssign },
    },
    async (request) => {
      const ctx = contextOf(request);
      const row = await investigation.assignCase(ctx, request.params.id, request.body);
      return cases.presentDetail(ctx.db, row, new Date());
    },
  );

  app.get(
    '/api/tracing/cases/:id/calls',
    {
      schema: {
        tags,
        summary: 'The call log of a case, newest first (numbers masked; audited)',
        params: IdParams,
        response: { 200: CallList, ...errors },
      },
      config: { access: Permission.TracingRead },
    },
    async (request) => investigation.listCalls(contextOf(request), request.params.id),
  );

  app.post(
    '/api/tracing/cases/:id/calls',
    {
      schema: {
        tags,
        summary: 'Log a call (the number is stored masked only)',
        params: IdParams,
        body: CallInput,
        response: { 201: CallEntry, ...errors },
      },
      config: { access: Permission.TracingInvestigate },
    },
    async (request, reply) =>
      reply.code(201).send(await investigation.logCall(contextOf(request), request.params.id, request.body)),
  );

  app.post(
    '/api/tracing/cases/:id/itinerary',
    {
      schema: {
        tags,
        summary: 'Add an itinerary entry (no overlaps, no end before the start)',
        params: IdParams,
        body: ItineraryInput,
        response: { 201: ItineraryEntry, ...errors },
      },
      config: { access: Permission.TracingInvestigate },
    },
    async (request, reply) =>
      reply.code(201).send(await itinerary.addItinerary(contextOf(request), request.params.id, request.body)),
  );

  app.patch(
    '/api/tracing/cases/:id/itinerary/:entryId',
    {
      schema: {
        tags,
        summary: 'Change an itinerary entry',
        params: EntryParams,
        body: ItineraryPatch,
        response: { 200: ItineraryEntry, ...errors },
      },
      config: { access: Permission.TracingInvestigate },
    },
    async (request) =>
      itinerary.updateItinerary(contextOf(request), request.params.id, request.params.entryId, request.body),
  );

  app.delete(
    '/api/tracing/cases/:id/itinerary/:entryId',
    {
      schema: {
        tags,
        summary: 'Remove an itinerary entry',
        params: EntryParams,
        response: { 200: Ok, ...errors },
      },
      config: { access: Permission.TracingInvestigate },
    },
    async (request) => {
      await itinerary.deleteItinerary(contextOf(request), request.params.id, request.params.entryId);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/tracing/investigators',
    {
      schema: {
        tags,
        summary: 'Investigators cases can be given to: of my subtree, or (all=true) of the whole city',
        querystring: InvestigatorQuery,
        response: { 200: UserRefList, ...errors },
      },
      config: { access: Permission.TracingRead },
    },
    async (request) => investigation.listInvestigators(contextOf(request), request.query.all === true),
  );
};
