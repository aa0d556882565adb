/**
 * /api/testing/tasks, /api/testing/alerts, /api/testing/tubes/:id/recall — the recall of a
 * positive or invalid pool as the emergency team and the task force work it.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Permission } from '../../../domain/access.js';
import { contextOf } from '../../platform/context.js';
import { errorResponses } from '../../platform/schemas.js';
import { recallList } from './recall.service.js';
import {
  Alert,
  AlertList,
  AlertListQuery,
  IdParams,
  Recall,
  SampleBody,
  Task,
  TaskList,
  TaskListQuery,
} from './tasks.schema.js';
import * as tasks from './tasks.service.js';

const tags = ['testing'];

export const tasksRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/testing/tasks',
    {
      schema: {
        tags,
        summary: 'Recheck and door-to-door tasks of people living in my subtree, newest first (audited)',
        querystring: TaskListQuery,
        response: { 200: TaskList, ...errorResponses },
      },
      config: { access: Permission.TestingRead },
    },
    async (request) => tasks.listTasks(contextOf(request), request.query),
  );

  app.post(
    '/api/testing/tasks/:id/sample',
    {
      schema: {
        tags,
        summary: "Take a recheck task's sample: a new single tube with this barcode",
        params: IdParams,
        body: SampleBody,
        response: { 200: Task, ...errorResponses },
      },
      config: { access: Permission.TestingSample },
    },
    async (request) => tasks.sampleTask(contextOf(request), request.params.id, request.body.barcode),
  );

  app.get(
    '/api/testing/alerts',
    {
      schema: {
        tags,
        summary: 'Positive and invalid pools and positive people in my subtree, newest first',
        querystring: AlertListQuery,
        response: { 200: AlertList, ...errorResponses },
      },
      config: { access: Permission.TestingRead },
    },
    async (request) => ({ items: await tasks.listAlerts(contextOf(request), request.query) }),
  );

  app.post(
    '/api/testing/alerts/:id/ack',
    {
      schema: {
        tags,
        summary: 'Acknowledge an alert (audited; a second acknowledgement changes nothing)',
        params: IdParams,
        response: { 200: Alert, ...errorResponses },
      },
      config: { access: Permission.TestingRead },
    },
    async (request) => tasks.acknowledgeAlert(contextOf(request), request.params.id),
  );

  app.get(
    '/api/testing/tubes/:id/recall',
    {
      schema: {
        tags,
        summary: 'Who was in a tube, where they live, and their recheck (masked, audited)',
        params: IdParams,
        response: { 200: Recall, ...errorResponses },
      },
      config: { access: Permission.TestingRead },
    },
    async (request) => recallList(contextOf(request), request.params.id),
  );
};
