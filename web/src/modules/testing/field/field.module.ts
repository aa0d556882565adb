/**
 * The front line's testing pages: sampling at the table, the lab, recheck and door-to-door tasks,
 * sampling sites, and the households' printable code sheets. The resident's own page (/r/:token)
 * is public and routed by the shell outside the layout (../resident).
 */
import {
  CarryOutOutlined,
  EnvironmentOutlined,
  ExperimentOutlined,
  QrcodeOutlined,
  ScanOutlined,
} from '@ant-design/icons';
import { lazy } from 'react';
import { Permission } from '../../../../../domain/access.js';
import type { AppModule } from '../../../app/module';

const sampler: AppModule = {
  key: 'testing-sample',
  path: 'testing/sample',
  label: { zh: '采样登记', en: 'Sampling' },
  icon: ScanOutlined,
  permission: Permission.TestingSample,
  group: 'testing',
  page: lazy(() => import('./sampler/sampler.page')),
};

const lab: AppModule = {
  key: 'testing-lab',
  path: 'testing/lab',
  label: { zh: '实验室', en: 'Lab' },
  icon: ExperimentOutlined,
  permission: Permission.TestingLab,
  group: 'testing',
  page: lazy(() => import('./lab/lab.page')),
};

const tasks: AppModule = {
  key: 'testing-tasks',
  path: 'testing/tasks',
  label: { zh: '复核与上门', en: 'Rechecks & visits' },
  icon: CarryOutOutlined,
  permission: Permission.TestingRead,
  group: 'testing',
  page: lazy(() => import('./tasks/tasks.page')),
};

const sites: AppModule = {
  key: 'testing-sites',
  path: 'testing/sites',
  label: { zh: '采样点', en: 'Sampling sites' },
  icon: EnvironmentOutlined,
  permission: Permission.TestingRead,
  group: 'testing',
  page: lazy(() => import('./sites/sites.page')),
};

/** /testing/codes/<household id>: a household's sampling codes to print. */
const codes: AppModule = {
  key: 'testing-codes',
  path: 'testing/codes',
  label: { zh: '采样码打印', en: 'Print codes' },
  icon: QrcodeOutlined,
  permission: Permission.TestingRead,
  group: 'testing',
  page: lazy(() => import('./codes/codes.page')),
};

/** The pages of this part, in menu order (each page a module of its own, with its permission). */
export const fieldModules: readonly AppModule[] = [sampler, tasks, lab, sites, codes];
