import { HeartOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { Permission } from '../../../../../domain/access.js';
import type { AppModule } from '../../../app/module';

/** 特殊人群: counts per child unit and the register by kind. */
export const specialsModule: AppModule = {
  key: 'population-specials',
  path: 'population/specials',
  label: { zh: '特殊人群', en: 'Special groups' },
  icon: HeartOutlined,
  permission: Permission.PopulationRead,
  group: 'population',
  page: lazy(() => import('./specials.page')),
};
