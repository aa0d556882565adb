/**
 * The command's tracing views (指挥部视角): the dashboard, transmission chains and clusters, assist
 * notices, big-data files and venues, teams and their load. Each page is a module of its own with
 * its permission, lazy-loaded, in the 流调溯源 group (tracing.module.ts lists them after the
 * workbench's pages).
 */
import {
  CloudUploadOutlined,
  DashboardOutlined,
  DeploymentUnitOutlined,
  MailOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { lazy } from 'react';
import { Permission } from '../../../../../domain/access.js';
import type { AppModule } from '../../../app/module';

/** 流调态势: cases per day, 2/4/24 compliance, contacts under control, investigators' load (?at=<code>). */
export const tracingDashboardModule: AppModule = {
  key: 'tracing-dashboard',
  path: 'tracing/dashboard',
  label: { zh: '流调态势', en: 'Tracing dashboard' },
  icon: DashboardOutlined,
  permission: Permission.TracingRead,
  group: 'tracing',
  page: lazy(() => import('./dashboard/dashboard.page')),
};

/** 传播链: clusters, the selected one's network and timeline (/tracing/chains/<cluster id>). */
export const chainsModule: AppModule = {
  key: 'tracing-chains',
  path: 'tracing/chains',
  label: { zh: '传播链', en: 'Chains' },
  icon: DeploymentUnitOutlined,
  permission: Permission.TracingRead,
  group: 'tracing',
  page: lazy(() => import('./chains/chains.page')),
};

/** 协查函: outgoing and incoming assist notices (/tracing/assist/<notice id>), and the peers. */
export const assistModule: AppModule = {
  key: 'tracing-assist',
  path: 'tracing/assist',
  label: { zh: '协查函', en: 'Assist notices' },
  icon: MailOutlined,
  permission: Permission.TracingRead,
  group: 'tracing',
  page: lazy(() => import('./assist/assist.page')),
};

/** 大数据导入: venue-scan and location files, past imports, venues. */
export const bigdataModule: AppModule = {
  key: 'tracing-bigdata',
  path: 'tracing/bigdata',
  label: { zh: '大数据导入', en: 'Big-data import' },
  icon: CloudUploadOutlined,
  permission: Permission.TracingIngest,
  group: 'tracing',
  page: lazy(() => import('./bigdata/bigdata.page')),
};

/** 流调队伍: teams by area (分片包干) and the investigators' load. */
export const teamsModule: AppModule = {
  key: 'tracing-teams',
  path: 'tracing/teams',
  label: { zh: '流调队伍', en: 'Tracing teams' },
  icon: TeamOutlined,
  permission: Permission.TracingAssign,
  group: 'tracing',
  page: lazy(() => import('./teams/teams.page')),
};

/** The pages of this part, in menu order. */
export const opsModules: readonly AppModule[] = [
  tracingDashboardModule,
  chainsModule,
  assistModule,
  bigdataModule,
  teamsModule,
];
