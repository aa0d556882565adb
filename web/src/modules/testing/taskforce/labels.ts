/**
 * The testing vocabulary in words and colours: zones, round and task statuses, alert kinds, tube
 * stages. Pool groups and tube results come from the domain (POOL_GROUP_LABELS, TUBE_RESULT_LABELS).
 */
import type { Localized } from '../../../app/i18n/i18n';
import type { AlertKind, RoundStatus, TaskStatus, TubeStatus, Zone } from '../api-types';

type Labelled = Localized & { color: string };

export const ZONE_LABELS: Record<Zone, Labelled> = {
  sealed: { zh: '封控区', en: 'Sealed', color: 'red' },
  controlled: { zh: '管控区', en: 'Controlled', color: 'orange' },
  prevention: { zh: '防范区', en: 'Prevention', color: 'blue' },
};

export const ROUND_STATUS_LABELS: Record<RoundStatus, Labelled> = {
  planned: { zh: '计划中', en: 'Planned', color: 'default' },
  active: { zh: '进行中', en: 'Active', color: 'processing' },
  closed: { zh: '已结束', en: 'Closed', color: 'success' },
};

export const ALERT_KIND_LABELS: Record<AlertKind, Labelled> = {
  positive_pool: { zh: '混管阳性', en: 'Positive pool', color: 'red' },
  invalid_pool: { zh: '混管无效', en: 'Invalid pool', color: 'orange' },
  positive_person: { zh: '单管阳性', en: 'Positive person', color: 'magenta' },
};

export const TASK_STATUS_LABELS: Record<TaskStatus, Labelled> = {
  pending: { zh: '待采样', en: 'Pending', color: 'gold' },
  sampled: { zh: '已采样', en: 'Sampled', color: 'processing' },
  negative: { zh: '阴性', en: 'Negative', color: 'success' },
  positive: { zh: '阳性', en: 'Positive', color: 'red' },
  invalid: { zh: '无效', en: 'Invalid', color: 'orange' },
  cancelled: { zh: '已取消', en: 'Cancelled', color: 'default' },
};

export const TUBE_STAGE_LABELS: Record<TubeStatus, Localized> = {
  open: { zh: '采样中', en: 'Open' },
  closed: { zh: '已封管', en: 'Closed' },
  shipped: { zh: '转运中', en: 'In transit' },
  received: { zh: '实验室已接收', en: 'At the lab' },
  resulted: { zh: '已出结果', en: 'Resulted' },
};

/** A label of a known key, or the key itself for a value this build does not know yet. */
export function labelOf<K extends string>(
  labels: Record<K, Localized>,
  key: string,
  lang: 'zh' | 'en',
): string {
  return key in labels ? labels[key as K][lang] : key;
}

export function colorOf<K extends string>(labels: Record<K, Labelled>, key: string): string {
  return key in labels ? labels[key as K].color : 'default';
}

/** 0.873 → "87.3%"; shares are 0..1 on the wire. */
export function percent(share: number, digits = 1): string {
  return `${(share * 100).toFixed(digits)}%`;
}
