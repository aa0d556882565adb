/**
 * 核酸检测 (mass testing): the task force's pages and the front line's pages, in one menu group.
 */
import { ExperimentOutlined } from '@ant-design/icons';
import type { AppModule, NavGroupDefinition } from '../../app/module';
import { fieldModules } from './field/field.module';
import { taskforceModules } from './taskforce/taskforce.module';

export const testingModules: readonly AppModule[] = [...taskforceModules, ...fieldModules];

export const testingGroup: NavGroupDefinition = {
  key: 'testing',
  label: { zh: '核酸检测', en: 'Mass testing' },
  icon: ExperimentOutlined,
};
