/**
 * 健康码 (health codes): lookup by ID number with every reason, marks, statistics and the
 * test-recency policy — one page in the 封控管控 group for users with HealthCodeRead.
 */
import { QrcodeOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { Permission } from '../../../../../domain/access.js';
import type { AppModule } from '../../../app/module';

export const codesModule: AppModule = {
  key: 'risk-codes',
  path: 'risk/codes',
  label: { zh: '健康码', en: 'Health codes' },
  icon: QrcodeOutlined,
  permission: Permission.HealthCodeRead,
  group: 'risk',
  page: lazy(() => import('./codes.page')),
};

export const codesModules: readonly AppModule[] = [codesModule];
