/**
 * /api/tracing — contacts: lists and the contact page, naming contacts of a case or of a close
 * contact, and the lifecycle. Handlers stay thin; contacts.service.ts holds the rules.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Permission } from '../../../domain/access.js';
import { contextOf } from '../../platform/context.js';
import { errorResponses } from '../../platform/schemas.js';
import {
  ContactAdded,
  ContactDetail,
  ContactInput,
  ContactList,
  ContactListQuery,
  ContactStatusInput,
  IdParams,
} from './contacts.schema.js';
import * as contacts from './contacts.service.js';

const tags = ['tracing'];
const withConflict = { ...errorResponses, 409: Type.Ref('ErrorResponse') };

export const contactsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/tracing/contacts',
    {
      schema: {
        tags,
        summary: 'Contacts kept in my subtree or reached from cases I may open (masked; audited)',
        querystring: ContactListQuery,
        response: { 200: ContactList, ...errorResponses },
      },
      config: { access: Permission.TracingRead },
    },
    async (request) => contacts.listContacts(contextOf(request), request.query),
  );

  app.get(
    '/api/tracing/contacts/:id',
    {
      schema: {
        tags,
        summary: 'A contact: links, secondary contacts, calls, assist notices (masked; audited)',
        params: IdParams,
        response: { 200: ContactDetail, ...errorResponses },
      },
      config: { access: Permission.TracingRead },
    },
    async (request) => contacts.getContact(contextOf(request), request.params.id),
  );

  app.post(
    '/api/tracing/cases/:id/contacts',
    {
      schema: {
        tags,
        summary:
          'Name a contact of a case: matched to the population base by ID number, then phone, or created',
        params: IdParams,
        body: ContactInput,
        response: { 201: ContactAdded, ...errorResponses },
      },
      config: { access: Permission.TracingInvestigate },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await contacts.addCaseContact(contextOf(request), request.params.id, request.body)),
  );

  app.post(
    '/api/tracing/contacts/:id/contacts',
    {
      schema: {
        tags,
        summary: 'Name a secondary contact of a close contact',
        params: IdParams,
        body: ContactInput,
        response: { 201: ContactAdded, ...errorResponses },
      },
      config: { access: Permission.TracingInvestigate },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await contacts.addContactOfContact(contextOf(request), request.params.id, request.body)),
  );

  app.post(
    '/api/tracing/contacts/:id/status',
    {
      schema: {
        tags,
        summary:
          'Move a contact along its lifecycle: notified, transfer requested, isolation or home quarantine, released',
        params: IdParams,
        body: ContactStatusInput,
        response: { 200: ContactDetail, ...withConflict },
      },
      config: { access: Permission.TracingControl },
    },
    async (request) => contacts.changeStatus(contextOf(request), request.params.id, request.body),
  );
};
