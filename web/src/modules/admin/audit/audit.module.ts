import { AuditOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { Permission } from '../../../../../domain/access.js';
import type { AppModule } from '../../../app/module';

export const auditModule: AppModule = {
  key: 'audit',
  path: 'admin/audit',
  label: { zh: '审计日志', en: 'Audit log' },
  icon: AuditOutlined,
  permission: Permission.AuditRead,
  group: 'admin',
  page: lazy(() => import('./audit.page')),
};
