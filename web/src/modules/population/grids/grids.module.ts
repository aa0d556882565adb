import { BorderOuterOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { Permission } from '../../../../../domain/access.js';
import type { AppModule } from '../../../app/module';

/** 网格管理: a village's grids, their buildings and the staff who serve them. */
export const gridsModule: AppModule = {
  key: 'population-grids',
  path: 'population/grids',
  label: { zh: '网格管理', en: 'Grids' },
  icon: BorderOuterOutlined,
  permission: Permission.PopulationRead,
  group: 'population',
  page: lazy(() => import('./grids.page')),
};
