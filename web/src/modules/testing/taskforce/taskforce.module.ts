import { DashboardOutlined, ScheduleOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { Permission } from '../../../../../domain/access.js';
import type { AppModule } from '../../../app/module';

/** 检测轮次: the rounds, planned and edited in a drawer (/testing/rounds/<round id> opens one). */
export const roundsModule: AppModule = {
  key: 'testing-rounds',
  path: 'testing/rounds',
  label: { zh: '检测轮次', en: 'Testing rounds' },
  icon: ScheduleOutlined,
  permission: Permission.TestingRead,
  group: 'testing',
  page: lazy(() => import('./rounds/rounds.page')),
};

/** 检测态势: one round's coverage, alerts, lab turnaround and daily report (/testing/dashboard/<round id>). */
export const dashboardModule: AppModule = {
  key: 'testing-dashboard',
  path: 'testing/dashboard',
  label: { zh: '检测态势', en: 'Round dashboard' },
  icon: DashboardOutlined,
  permission: Permission.TestingRead,
  group: 'testing',
  page: lazy(() => import('./dashboard/dashboard.page')),
};

/** The pages of this part, in menu order (each page a module of its own, with its permission). */
export const taskforceModules: readonly AppModule[] = [roundsModule, dashboardModule];
