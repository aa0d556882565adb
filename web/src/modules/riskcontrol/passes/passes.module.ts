/**
 * 通行证 and 卡口 pages: applying for passes (enterprises, communities), approving them, the
 * checkpoint officer's verification page (a phone, works offline), and the checkpoints' daily
 * statistics. Each page is a module of its own with its permission, lazy-loaded, in the 封控管控 group.
 */
import { AuditOutlined, BarChartOutlined, IdcardOutlined, ScanOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { Permission } from '../../../../../domain/access.js';
import type { AppModule } from '../../../app/module';

/** 通行证申请: the form per type and my applications (/risk/passes/<pass id> opens one). */
export const passApplyModule: AppModule = {
  key: 'risk-passes',
  path: 'risk/passes',
  label: { zh: '通行证申请', en: 'Pass applications' },
  icon: IdcardOutlined,
  permission: Permission.PassApply,
  group: 'risk',
  page: lazy(() => import('./apply/apply.page')),
};

/** 通行证审批: the queue in scope, decisions, revocation, the QR code and the printable pass. */
export const passApproveModule: AppModule = {
  key: 'risk-pass-approval',
  path: 'risk/pass-approval',
  label: { zh: '通行证审批', en: 'Pass approval' },
  icon: AuditOutlined,
  permission: Permission.PassApprove,
  group: 'risk',
  page: lazy(() => import('./approve/approve.page')),
};

/** 卡口核验: the checkpoint officer's phone page (scan or type; offline with cached keys). */
export const verifyModule: AppModule = {
  key: 'risk-verify',
  path: 'risk/verify',
  label: { zh: '卡口核验', en: 'Checkpoint check' },
  icon: ScanOutlined,
  permission: Permission.RiskVerify,
  group: 'risk',
  page: lazy(() => import('./verify/verify.page')),
};

/** 卡口统计: per checkpoint and shift for a day, by reason. */
export const checkpointStatsModule: AppModule = {
  key: 'risk-checkpoint-stats',
  path: 'risk/checkpoint-stats',
  label: { zh: '卡口统计', en: 'Checkpoint statistics' },
  icon: BarChartOutlined,
  permission: Permission.RiskRead,
  group: 'risk',
  page: lazy(() => import('./stats/stats.page')),
};

export const passesModules: readonly AppModule[] = [
  passApplyModule,
  passApproveModule,
  verifyModule,
  checkpointStatsModule,
];
