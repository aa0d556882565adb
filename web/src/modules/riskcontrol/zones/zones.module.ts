/**
 * 区域管控 and 卡口管理 in the 封控管控 group: zones with their lifting and history, the county map,
 * lockdown gates; checkpoints, their three-shift rosters and staffing. Visible with risk.read;
 * declaring and lifting need risk.zones, checkpoints and rosters risk.checkpoints.
 */
import { AimOutlined, BorderOuterOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { Permission } from '../../../../../domain/access.js';
import type { AppModule } from '../../../app/module';

export const zonesModule: AppModule = {
  key: 'risk-zones',
  path: 'risk/zones',
  label: { zh: '区域管控', en: 'Zones' },
  icon: BorderOuterOutlined,
  permission: Permission.RiskRead,
  group: 'risk',
  page: lazy(() => import('./zones.page')),
};

export const checkpointsModule: AppModule = {
  key: 'risk-checkpoints',
  path: 'risk/checkpoints',
  label: { zh: '卡口管理', en: 'Checkpoints' },
  icon: AimOutlined,
  permission: Permission.RiskRead,
  group: 'risk',
  page: lazy(() => import('./checkpoints.page')),
};

export const zonesModules: readonly AppModule[] = [zonesModule, checkpointsModule];
