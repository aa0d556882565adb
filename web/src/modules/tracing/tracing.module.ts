/**
 * 流调溯源 (case investigation and contact tracing): the investigators' workbench and the
 * command's views (chains, dashboard, assist notices, big data, teams), in one menu group.
 */
import { ApartmentOutlined } from '@ant-design/icons';
import type { AppModule, NavGroupDefinition } from '../../app/module';
import { opsModules } from './ops/ops.module';
import { workbenchModules } from './workbench/workbench.module';

export const tracingModules: readonly AppModule[] = [...workbenchModules, ...opsModules];

export const tracingGroup: NavGroupDefinition = {
  key: 'tracing',
  label: { zh: '流调溯源', en: 'Tracing' },
  icon: ApartmentOutlined,
};
