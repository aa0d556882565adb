/**
 * The investigators' workbench (流调工作台): the case list, one case's investigation
 * (/tracing/cases/<case id>: clocks, interview, itinerary, calls, contacts, big-data candidates,
 * chain), and the contacts under control. Each page a module of its own, lazy-loaded.
 */
import { FileSearchOutlined, TeamOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { Permission } from '../../../../../domain/access.js';
import type { AppModule } from '../../../app/module';

/** 病例: the cases in my subtree or assigned to me; /tracing/cases/<case id> opens one case's workbench. */
export const casesModule: AppModule = {
  key: 'tracing-cases',
  path: 'tracing/cases',
  label: { zh: '病例', en: 'Cases' },
  icon: FileSearchOutlined,
  permission: Permission.TracingRead,
  group: 'tracing',
  page: lazy(() => import('./cases/cases.page')),
};

/** 密接人员: close and secondary contacts, their quarantine plans and lifecycle. */
export const contactsModule: AppModule = {
  key: 'tracing-contacts',
  path: 'tracing/contacts',
  label: { zh: '密接人员', en: 'Contacts' },
  icon: TeamOutlined,
  permission: Permission.TracingRead,
  group: 'tracing',
  page: lazy(() => import('./contacts/contacts.page')),
};

/** The pages of the workbench, in menu order. */
export const workbenchModules: readonly AppModule[] = [casesModule, contactsModule];
