import { CloudUploadOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { Permission } from '../../../../../domain/access.js';
import type { AppModule } from '../../../app/module';

/** 数据导入 (population.manage); one import's progress and result at /population/imports/<import id>. */
export const importsModule: AppModule = {
  key: 'population-imports',
  path: 'population/imports',
  label: { zh: '数据导入', en: 'Import' },
  icon: CloudUploadOutlined,
  permission: Permission.PopulationManage,
  group: 'population',
  page: lazy(() => import('./imports.page')),
};
