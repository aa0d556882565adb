/**
 * The words of passes and checkpoints in zh and en (with a tag colour where they are tags): pass
 * types and statuses, crossings, certificates, checkpoint kinds, attachment kinds, code colours.
 */
import type { CodeColour } from '../../../../../domain/healthcode.js';
import type { Lang, Localized } from '../../../app/i18n/i18n';
import type { Certificate, CheckpointInfo, Crossing, PassStatus, PassType } from './api-types';

export type Labelled = Localized & { color: string };

export const PASS_TYPE_LABELS: Record<PassType, Labelled> = {
  supply_vehicle: { zh: '保供车辆（三定）', en: 'Supply vehicle (fixed)', color: 'blue' },
  enterprise_vehicle: { zh: '企业物流车辆', en: 'Enterprise vehicle', color: 'geekblue' },
  enterprise_staff: { zh: '企业员工', en: 'Enterprise staff', color: 'cyan' },
  supply_staff: { zh: '保供单位人员', en: 'Supply-unit staff', color: 'green' },
  commuter: { zh: '进京通勤', en: 'Beijing commuter', color: 'purple' },
  medical: { zh: '就医', en: 'Medical', color: 'magenta' },
  pickup: { zh: '点对点接返', en: 'Point-to-point pickup', color: 'orange' },
};

export const VEHICLE_TYPES: readonly PassType[] = ['supply_vehicle', 'enterprise_vehicle', 'pickup'];
export const isVehicleType = (t: PassType) => VEHICLE_TYPES.includes(t);

export const PASS_STATUS_LABELS: Record<PassStatus, Labelled> = {
  submitted: { zh: '待审批', en: 'Submitted', color: 'processing' },
  approved: { zh: '已批准', en: 'Approved', color: 'success' },
  rejected: { zh: '已驳回', en: 'Rejected', color: 'error' },
  revoked: { zh: '已吊销', en: 'Revoked', color: 'volcano' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn', color: 'default' },
};

export const CROSSING_LABELS: Record<Crossing, Localized> = {
  into_beijing: { zh: '进京', en: 'Into Beijing' },
  leave_city: { zh: '出市', en: 'Leaving the city' },
  enter_community: { zh: '进入小区（村）', en: 'Entering the community' },
  medical: { zh: '就医', en: 'Medical' },
};

export const CERTIFICATE_LABELS: Record<Certificate, Localized> = {
  employer: { zh: '用人单位证明', en: 'employer certificate' },
  residence: { zh: '居住地（乡镇街道）证明', en: 'residence certificate' },
  community: { zh: '社区（村）证明', en: 'community certificate' },
};

export const CHECKPOINT_KIND_LABELS: Record<CheckpointInfo['kind'], Localized> = {
  community_gate: { zh: '小区（村）卡口', en: 'Community gate' },
  beijing_entry: { zh: '进京检查站', en: 'Beijing entry' },
  highway_exit: { zh: '高速出口', en: 'Highway exit' },
  city_border: { zh: '市界卡口', en: 'City border' },
};

export const COLOUR_LABELS: Record<CodeColour, Labelled> = {
  green: { zh: '绿码', en: 'Green', color: 'success' },
  yellow: { zh: '黄码', en: 'Yellow', color: 'warning' },
  red: { zh: '红码', en: 'Red', color: 'error' },
};

/** What an applicant uploads; the server keeps the kind as given. */
export const ATTACHMENT_KINDS = [
  'employer',
  'residence',
  'vehicle_licence',
  'driver_licence',
  'other',
] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];
export const ATTACHMENT_KIND_LABELS: Record<AttachmentKind, Localized> = {
  employer: { zh: '用人单位证明', en: 'Employer certificate' },
  residence: { zh: '居住证明', en: 'Residence certificate' },
  vehicle_licence: { zh: '行驶证', en: 'Vehicle licence' },
  driver_licence: { zh: '驾驶证', en: 'Driving licence' },
  other: { zh: '其他材料', en: 'Other' },
};

export function labelOf<K extends string>(labels: Record<K, Localized>, key: string, lang: Lang): string {
  return (labels as Record<string, Localized | undefined>)[key]?.[lang] ?? key;
}

export function colorOf<K extends string>(labels: Record<K, Labelled>, key: string): string {
  return (labels as Record<string, Labelled | undefined>)[key]?.color ?? 'default';
}
