/**
 * Labels of zone kinds, statuses and checkpoint kinds (zh / en), and the tag colour of each kind.
 */
import type { Crossing } from '../../../../../domain/checkpoint-policy.js';
import { EDITIONS } from '../../../../../domain/protocol.js';
import type { Localized } from '../../../app/i18n/i18n';
import type { CheckpointKind, ZoneKind, ZoneStatus } from './api-types';

export const ZONE_KIND_LABELS: Record<ZoneKind, Localized> = {
  sealed: { zh: '封控区', en: 'Sealed zone' },
  controlled: { zh: '管控区', en: 'Controlled zone' },
  prevention: { zh: '防范区', en: 'Prevention zone' },
  high: { zh: '高风险区', en: 'High-risk area' },
  medium: { zh: '中风险区', en: 'Medium-risk area' },
  low: { zh: '低风险区', en: 'Low-risk area' },
};

export const ZONE_KIND_COLOURS: Record<ZoneKind, string> = {
  sealed: 'red',
  high: 'red',
  controlled: 'orange',
  medium: 'orange',
  prevention: 'gold',
  low: 'blue',
};

export const ZONE_STATUS_LABELS: Record<ZoneStatus, Localized> = {
  active: { zh: '生效中', en: 'Active' },
  lifted: { zh: '已解除', en: 'Lifted' },
  stepped_down: { zh: '已降级', en: 'Stepped down' },
};

/** The kinds each shipped edition uses (domain/protocol.ts), strongest first. */
export const EDITION_KINDS: Record<string, readonly ZoneKind[]> = Object.fromEntries(
  EDITIONS.map((e) => [e.id, e.zones.kinds]),
);

export const CHECKPOINT_KIND_LABELS: Record<CheckpointKind, Localized> = {
  community_gate: { zh: '社区卡口', en: 'Community gate' },
  beijing_entry: { zh: '进京检查站', en: 'Beijing entry' },
  highway_exit: { zh: '高速出口', en: 'Highway exit' },
  city_border: { zh: '市界卡点', en: 'City border' },
};

export const CROSSING_LABELS: Record<Crossing, Localized> = {
  into_beijing: { zh: '进京', en: 'Into Beijing' },
  leave_city: { zh: '出市', en: 'Leaving the city' },
  enter_community: { zh: '进入社区', en: 'Entering the community' },
  medical: { zh: '就医', en: 'Medical' },
};
