import { BarChartOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { Permission } from '../../../../../domain/access.js';
import type { AppModule } from '../../../app/module';

/** 人口概况 of the selected jurisdiction; a household's page at /population/units/<household id>. */
export const unitsModule: AppModule = {
  key: 'population-units',
  path: 'population/units',
  label: { zh: '人口概况', en: 'Area summary' },
  icon: BarChartOutlined,
  permission: Permission.PopulationRead,
  group: 'population',
  page: lazy(() => import('./units.page')),
};
