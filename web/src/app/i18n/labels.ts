/**
 * Labels of the shared domain vocabulary: jurisdiction levels and kinds, roles, audit actions and
 * outcomes. Role labels come from domain/access.ts (the one definition of roles).
 */
import { ROLE_DEFINITIONS, isRole } from '../../../../domain/access.js';
import type { KINDS, Level } from '../../../../domain/jurisdiction.js';
import type { Lang, Localized } from './i18n';

export const LEVEL_LABELS: Record<Level, Localized> = {
  city: { zh: '市', en: 'City' },
  county: { zh: '县（市、区）', en: 'County' },
  town: { zh: '乡镇（街道）', en: 'Town / street' },
  village: { zh: '村（社区）', en: 'Village / community' },
  grid: { zh: '网格', en: 'Grid' },
  building: { zh: '楼栋', en: 'Building' },
};

type KindLabels = { [L in Level]: Record<(typeof KINDS)[L][number], Localized> };

export const KIND_LABELS: KindLabels = {
  city: { city: { zh: '地级市', en: 'Prefecture-level city' } },
  county: {
    district: { zh: '市辖区', en: 'District' },
    county: { zh: '县', en: 'County' },
    county_city: { zh: '县级市', en: 'County-level city' },
    zone: { zh: '开发区', en: 'Development zone' },
    other: { zh: '其他', en: 'Other' },
  },
  town: {
    street: { zh: '街道', en: 'Street' },
    town: { zh: '镇', en: 'Town' },
    township: { zh: '乡', en: 'Township' },
    zone: { zh: '园区', en: 'Zone' },
    other: { zh: '其他', en: 'Other' },
  },
  village: {
    village: { zh: '村', en: 'Village' },
    community: { zh: '社区', en: 'Community' },
    other: { zh: '其他', en: 'Other' },
  },
  grid: { grid: { zh: '网格', en: 'Grid' } },
  building: {
    apartment: { zh: '楼房', en: 'Apartment building' },
    bungalow: { zh: '平房', en: 'Bungalow' },
    other: { zh: '其他', en: 'Other' },
  },
};

export function levelLabel(level: string, lang: Lang): string {
  return level in LEVEL_LABELS ? LEVEL_LABELS[level as Level][lang] : level;
}

export function kindLabel(level: string, kind: string, lang: Lang): string {
  const byLevel = (KIND_LABELS as Record<string, Record<string, Localized> | undefined>)[level];
  return byLevel?.[kind]?.[lang] ?? kind;
}

export function roleLabel(role: string, lang: Lang): string {
  return isRole(role) ? ROLE_DEFINITIONS[role].label[lang] : role;
}

export const ACTION_LABELS: Record<string, Localized> = {
  'auth.login': { zh: '登录', en: 'Logged in' },
  'auth.login_failed': { zh: '登录失败', en: 'Login failed' },
  'auth.logout': { zh: '退出登录', en: 'Logged out' },
  'auth.password_changed': { zh: '修改密码', en: 'Changed password' },
  'access.denied': { zh: '拒绝访问', en: 'Access denied' },
  'user.created': { zh: '创建用户', en: 'Created user' },
  'user.updated': { zh: '修改用户', en: 'Updated user' },
  'user.disabled': { zh: '停用用户', en: 'Disabled user' },
  'user.enabled': { zh: '启用用户', en: 'Enabled user' },
  'user.password_reset': { zh: '重置密码', en: 'Reset password' },
  'jurisdiction.created': { zh: '新增辖区单元', en: 'Created unit' },
  'jurisdiction.updated': { zh: '修改辖区单元', en: 'Updated unit' },
  'jurisdiction.deleted': { zh: '删除辖区单元', en: 'Deleted unit' },
  'divisions.imported': { zh: '导入区划', en: 'Imported divisions' },
  'audit.searched': { zh: '查询审计日志', en: 'Searched audit log' },
  'population.searched': { zh: '查询人员', en: 'Searched people' },
  'population.person_viewed': { zh: '查看人员信息', en: 'Viewed a person' },
  'population.household_viewed': { zh: '查看户信息', en: 'Viewed a household' },
  'population.person_revealed': { zh: '查看完整身份信息', en: 'Revealed full identifiers' },
  'population.person_created': { zh: '新增人员', en: 'Added a person' },
  'population.person_updated': { zh: '修改人员信息', en: 'Changed a person' },
  'population.exported': { zh: '导出人员名单', en: 'Exported a list' },
  'population.staff_changed': { zh: '变更包保人员', en: 'Changed grid staff' },
  'population.import_started': { zh: '开始导入', en: 'Started an import' },
  'population.import_finished': { zh: '完成导入', en: 'Finished an import' },
  'population.import_cancelled': { zh: '取消导入', en: 'Cancelled an import' },
};

/** Unknown actions (added by later server modules) show their raw name rather than nothing. */
export function actionLabel(action: string, lang: Lang): string {
  return ACTION_LABELS[action]?.[lang] ?? action;
}

export const OUTCOMES = ['ok', 'denied', 'failed'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const OUTCOME_LABELS: Record<Outcome, Localized & { color: string }> = {
  ok: { zh: '成功', en: 'Succeeded', color: 'success' },
  denied: { zh: '拒绝', en: 'Denied', color: 'warning' },
  failed: { zh: '失败', en: 'Failed', color: 'error' },
};

export function outcomeLabel(outcome: string, lang: Lang): { text: string; color: string } {
  const label = OUTCOME_LABELS[outcome as Outcome] as (Localized & { color: string }) | undefined;
  return label ? { text: label[lang], color: label.color } : { text: outcome, color: 'default' };
}
