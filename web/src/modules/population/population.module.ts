/**
 * 人口底数 (the population ledger): its pages in navigation order, all in the 'population' group.
 * Each page is a module of its own so that the navigation shows it only with its permission
 * (the import page needs population.manage, the others population.read).
 */
import { TeamOutlined } from '@ant-design/icons';
import type { AppModule, NavGroupDefinition } from '../../app/module';
import { gridsModule } from './grids/grids.module';
import { importsModule } from './imports/imports.module';
import { peopleModule } from './people/people.module';
import { specialsModule } from './specials/specials.module';
import { unitsModule } from './units/units.module';

export const populationModules: readonly AppModule[] = [
  peopleModule,
  unitsModule,
  specialsModule,
  gridsModule,
  importsModule,
];

export const populationGroup: NavGroupDefinition = {
  key: 'population',
  label: { zh: '人口底数', en: 'Population ledger' },
  icon: TeamOutlined,
};
