import { TeamOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { Permission } from '../../../../../domain/access.js';
import type { AppModule } from '../../../app/module';

export const usersModule: AppModule = {
  key: 'users',
  path: 'admin/users',
  label: { zh: '用户管理', en: 'Users' },
  icon: TeamOutlined,
  permission: Permission.UserRead,
  group: 'admin',
  page: lazy(() => import('./users.page')),
};
