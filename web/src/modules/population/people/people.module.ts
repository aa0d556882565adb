import { SearchOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { Permission } from '../../../../../domain/access.js';
import type { AppModule } from '../../../app/module';

/** 人员查询, and a person's page at /population/people/<person id>. */
export const peopleModule: AppModule = {
  key: 'population-people',
  path: 'population/people',
  label: { zh: '人员查询', en: 'Find people' },
  icon: SearchOutlined,
  permission: Permission.PopulationRead,
  group: 'population',
  page: lazy(() => import('./people.page')),
};
