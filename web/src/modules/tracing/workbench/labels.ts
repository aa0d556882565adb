/**
 * The tracing vocabulary in words and colours. The words themselves (classifications, where a case
 * was found, contact statuses, exposure types, call outcomes, clocks) are the constants of
 * domain/tracing.ts; this file only says them in zh and en. The command's pages (../ops) import
 * these too, so a status reads the same everywhere.
 */
import type {
  CallOutcome,
  CaseClassification,
  CaseSource,
  ClockName,
  ContactDegree,
  ContactStatus,
  ExposureType,
  FoundIn,
  ReleaseBlocker,
} from '../../../../../domain/tracing.js';
import type { Lang, Localized } from '../../../app/i18n/i18n';
import type {
  Candidate,
  ChainEdge,
  ChainNode,
  Clock,
  ContactLink,
  ItineraryEntry,
  QuarantinePlan,
} from '../api-types';

export type Labelled = Localized & { color: string };

export const CLASSIFICATION_LABELS: Record<CaseClassification, Labelled> = {
  confirmed: { zh: '确诊病例', en: 'Confirmed', color: 'red' },
  asymptomatic: { zh: '无症状感染者', en: 'Asymptomatic', color: 'orange' },
};

/** Short forms for tags in narrow columns. */
export const CLASSIFICATION_SHORT: Record<CaseClassification, Localized> = {
  confirmed: { zh: '确诊', en: 'Confirmed' },
  asymptomatic: { zh: '无症状', en: 'Asympt.' },
};

/**
 * Where a case was found. Community cases (社会面) are the ones every briefing counts apart: they
 * are red; cases found under control are blue-ish, whatever the kind of control.
 */
export const FOUND_IN_LABELS: Record<FoundIn, Labelled> = {
  community: { zh: '社会面', en: 'Community', color: 'volcano' },
  isolation: { zh: '隔离管控中', en: 'In isolation', color: 'geekblue' },
  sealed_zone: { zh: '封控区内', en: 'Sealed zone', color: 'blue' },
  controlled_zone: { zh: '管控区内', en: 'Controlled zone', color: 'cyan' },
};

/** The two halves of every briefing: found in the community vs found under control. */
export const UNDER_CONTROL_LABELS: Record<'community' | 'underControl', Localized> = {
  community: { zh: '社会面', en: 'Community' },
  underControl: { zh: '管控中', en: 'Under control' },
};

export const CASE_SOURCE_LABELS: Record<CaseSource, Localized> = {
  testing: { zh: '核酸筛查', en: 'Mass testing' },
  hospital: { zh: '医院报告', en: 'Hospital report' },
  assist: { zh: '外地协查', en: 'Assist notice' },
  manual: { zh: '手工录入', en: 'Entered by hand' },
};

export const CASE_STATUS_LABELS: Record<'open' | 'closed', Labelled> = {
  open: { zh: '调查中', en: 'Open', color: 'processing' },
  closed: { zh: '已结案', en: 'Closed', color: 'default' },
};

/** The 2+4+24 clocks: on scene (2 h), core information (4 h), report with contacts controlled (24 h). */
export const CLOCK_LABELS: Record<ClockName, Localized & { short: Localized }> = {
  onScene: { zh: '到达现场', en: 'On scene', short: { zh: '到场', en: 'Scene' } },
  coreInfo: { zh: '核心信息', en: 'Core information', short: { zh: '核心', en: 'Core' } },
  report: { zh: '流调报告', en: 'Report', short: { zh: '报告', en: 'Report' } },
};

export const CLOCK_STATE_LABELS: Record<Clock['state'], Labelled> = {
  done: { zh: '按时完成', en: 'Done in time', color: 'success' },
  late: { zh: '超时完成', en: 'Done late', color: 'warning' },
  pending: { zh: '进行中', en: 'Running', color: 'processing' },
  overdue: { zh: '已超时', en: 'Overdue', color: 'error' },
};

export const CONTACT_DEGREE_LABELS: Record<ContactDegree, Labelled> = {
  close: { zh: '密接', en: 'Close', color: 'orange' },
  secondary: { zh: '次密接', en: 'Secondary', color: 'gold' },
};

export const CONTACT_STATUS_LABELS: Record<ContactStatus, Labelled> = {
  identified: { zh: '已判定', en: 'Identified', color: 'default' },
  notified: { zh: '已通知', en: 'Notified', color: 'blue' },
  transfer_requested: { zh: '待转运', en: 'Transfer requested', color: 'gold' },
  central_isolation: { zh: '集中隔离', en: 'Central isolation', color: 'green' },
  home_quarantine: { zh: '居家隔离', en: 'Home quarantine', color: 'cyan' },
  released: { zh: '已解除', en: 'Released', color: 'default' },
  converted: { zh: '已转阳', en: 'Turned positive', color: 'red' },
};

/** The lifecycle's moves as buttons: the verb that leads to each status. */
export const CONTACT_ACTION_LABELS: Record<Exclude<ContactStatus, 'identified' | 'converted'>, Localized> = {
  notified: { zh: '通知', en: 'Notify' },
  transfer_requested: { zh: '申请转运', en: 'Request transfer' },
  central_isolation: { zh: '集中隔离', en: 'Central isolation' },
  home_quarantine: { zh: '居家隔离', en: 'Home quarantine' },
  released: { zh: '解除', en: 'Release' },
};

export const EXPOSURE_TYPE_LABELS: Record<ExposureType, Localized> = {
  household: { zh: '共同居住', en: 'Household' },
  work: { zh: '同事/工作', en: 'Work' },
  meal: { zh: '共同用餐', en: 'Shared meal' },
  vehicle: { zh: '同乘交通工具', en: 'Vehicle' },
  school: { zh: '同学/学校', en: 'School' },
  medical: { zh: '诊疗/护理', en: 'Medical care' },
  venue: { zh: '同一场所', en: 'Same venue' },
  companion: { zh: '时空伴随', en: 'Space-time companion' },
  other: { zh: '其他', en: 'Other' },
};

export const CALL_OUTCOME_LABELS: Record<CallOutcome, Labelled> = {
  reached: { zh: '已接通', en: 'Reached', color: 'success' },
  no_answer: { zh: '无人接听', en: 'No answer', color: 'warning' },
  busy: { zh: '占线', en: 'Busy', color: 'warning' },
  wrong_number: { zh: '号码错误', en: 'Wrong number', color: 'error' },
  refused: { zh: '拒绝配合', en: 'Refused', color: 'error' },
};

export const PLACE_KIND_LABELS: Record<ItineraryEntry['placeKind'], Localized> = {
  venue: { zh: '场所', en: 'Venue' },
  address: { zh: '地址', en: 'Address' },
  village: { zh: '村（社区）', en: 'Village / community' },
};

export const QUARANTINE_SETTING_LABELS: Record<QuarantinePlan['setting'], Localized> = {
  central: { zh: '集中隔离', en: 'Central isolation' },
  home: { zh: '居家隔离', en: 'Home quarantine' },
};

export const LINK_SOURCE_LABELS: Record<ContactLink['source'], Localized> = {
  named: { zh: '病例指认', en: 'Named by the case' },
  candidate: { zh: '大数据推送', en: 'Big-data candidate' },
  cascade: { zh: '次密接升级', en: 'Upgraded secondary' },
  assist: { zh: '外地协查', en: 'Assist notice' },
};

export const CANDIDATE_DECISION_LABELS: Record<NonNullable<Candidate['decision']>, Labelled> = {
  close: { zh: '已判定密接', en: 'Close contact', color: 'orange' },
  secondary: { zh: '已判定次密接', en: 'Secondary contact', color: 'gold' },
  companion: { zh: '时空伴随', en: 'Companion', color: 'purple' },
  dismissed: { zh: '已排除', en: 'Dismissed', color: 'default' },
};

export const CANDIDATE_KIND_LABELS: Record<Candidate['kind'], Localized> = {
  venue: { zh: '场所码', en: 'Venue scan' },
  cell: { zh: '基站', en: 'Location' },
  both: { zh: '场所码+基站', en: 'Venue + location' },
};

export const CHAIN_NODE_LABELS: Record<ChainNode['kind'], Labelled> = {
  case: { zh: '病例', en: 'Case', color: '#cf1322' },
  contact: { zh: '密接/次密接', en: 'Contact', color: '#fa8c16' },
  place: { zh: '场所', en: 'Place', color: '#1677ff' },
};

export const CHAIN_EDGE_LABELS: Record<ChainEdge['kind'], Localized> = {
  named: { zh: '指认', en: 'Named' },
  via: { zh: '经密接', en: 'Via close contact' },
  infected: { zh: '转阳', en: 'Turned positive' },
  visited: { zh: '到访', en: 'Visited' },
};

/** Why a contact may not be released yet (domain/tracing.ts releaseBlockers), in words. */
export function releaseBlockerText(b: ReleaseBlocker, lang: Lang): string {
  const zh = lang === 'zh';
  switch (b.code) {
    case 'too_early':
      return zh ? `隔离期至 ${b.until}，届时方可解除` : `Isolation runs until ${b.until}`;
    case 'own_positive':
      return zh ? `${b.date} 检测阳性，应转为病例` : `Tested positive on ${b.date}: should become a case`;
    case 'recheck_pending':
      return zh
        ? `${b.date} 混管阳性，单管复核结果未出`
        : `Pooled tube positive on ${b.date}: the single-tube recheck has no result yet`;
    case 'release_test_missing':
      return zh
        ? `${b.date} 解除前检测：需阴性 ${b.samples} 份，已有 ${b.negatives} 份`
        : `Release test on ${b.date}: ${b.negatives} of ${b.samples} negative result(s)`;
    case 'tests_unknown':
      return zh
        ? '不在人口底数中，查不到检测结果'
        : 'Not in the population base: no test results can be found';
    case 'close_contact_tests':
      return zh
        ? `密接 ${b.name} 的前 ${b.needed} 次检测${b.positive ? '出现阳性' : `仅 ${b.negatives} 次阴性`}`
        : `Close contact ${b.name}: ${b.positive ? 'a positive among the first tests' : `${b.negatives} of the first ${b.needed} tests negative`}`;
  }
}

/** A label of a known key, or the key itself for a value this build does not know yet. */
export function labelOf<K extends string>(labels: Record<K, Localized>, key: string, lang: Lang): string {
  return key in labels ? labels[key as K][lang] : key;
}

export function colorOf<K extends string>(labels: Record<K, Labelled>, key: string): string {
  return key in labels ? labels[key as K].color : 'default';
}

/** Options for a Select over one of the domain's word lists, in its order. */
export function optionsOf<K extends string>(
  keys: readonly K[],
  labels: Record<K, Localized>,
  lang: Lang,
): Array<{ value: K; label: string }> {
  return keys.map((key) => ({ value: key, label: labels[key][lang] }));
}
