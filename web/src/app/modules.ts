/**
 * The module registry: the order here is the order of the navigation. Only modules that exist are
 * listed; later ones (population, testing, tracing, zones, isolation, supply, command…) add a line.
 */
import { SettingOutlined } from '@ant-design/icons';
import { auditModule } from '../modules/admin/audit/audit.module';
import { usersModule } from '../modules/admin/users/users.module';
import { jurisdictionsModule } from '../modules/jurisdictions/jurisdictions.module';
import { overviewModule } from '../modules/overview/overview.module';
import { populationGroup, populationModules } from '../modules/population/population.module';
import { testingGroup, testingModules } from '../modules/testing/testing.module';
import { riskGroup, riskModules } from '../modules/riskcontrol/riskcontrol.module';
import { tracingGroup, tracingModules } from '../modules/tracing/tracing.module';
import type { AppModule, NavGroupDefinition } from './module';

export const MODULES: readonly AppModule[] = [
  overviewModule,
  jurisdictionsModule,
  ...populationModules,
  ...testingModules,
  ...tracingModules,
  ...riskModules,
  usersModule,
  auditModule,
];

export const NAV_GROUPS: readonly NavGroupDefinition[] = [
  populationGroup,
  testingGroup,
  tracingGroup,
  riskGroup,
  { key: 'admin', label: { zh: '系统管理', en: 'Administration' }, icon: SettingOutlined },
];
