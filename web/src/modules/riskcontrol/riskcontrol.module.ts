/**
 * 封控管控 (risk control): zones and lockdown gates, checkpoints and their rosters, health codes,
 * passes and the checkpoint's verification page, in one menu group.
 */
import { SafetyOutlined } from '@ant-design/icons';
import type { AppModule, NavGroupDefinition } from '../../app/module';
import { codesModules } from './codes/codes.module';
import { passesModules } from './passes/passes.module';
import { zonesModules } from './zones/zones.module';

export const riskModules: readonly AppModule[] = [...zonesModules, ...codesModules, ...passesModules];

export const riskGroup: NavGroupDefinition = {
  key: 'risk',
  label: { zh: '封控管控', en: 'Risk control' },
  icon: SafetyOutlined,
};
