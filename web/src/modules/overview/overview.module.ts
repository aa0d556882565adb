import { DashboardOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { Permission } from '../../../../domain/access.js';
import type { AppModule } from '../../app/module';

export const overviewModule: AppModule = {
  key: 'overview',
  path: 'overview',
  label: { zh: '首页概览', en: 'Overview' },
  icon: DashboardOutlined,
  permission: Permission.JurisdictionRead,
  page: lazy(() => import('./overview.page')),
};
