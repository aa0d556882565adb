/**
 * Words of the population vocabulary, from the one definition in domain/population.ts: residence
 * types, relations, special populations and their details. Unknown values (a newer server) show
 * as they are rather than as nothing.
 */
import {
  type DetailField,
  DISABILITY_LABELS,
  type DisabilityCategory,
  isSpecialKind,
  RELATION_LABELS,
  type Relation,
  RESIDENCE_LABELS,
  type ResidenceType,
  SPECIAL_KIND_DEFINITIONS,
} from '../../../../domain/population.js';
import type { Lang, Localized } from '../../app/i18n/i18n';

export const SEX_LABELS: Record<'M' | 'F', Localized> = {
  M: { zh: '男', en: 'Male' },
  F: { zh: '女', en: 'Female' },
};

export const RESIDENCE_COLORS: Record<ResidenceType, string> = {
  registered: 'blue',
  resident: 'green',
  floating: 'orange',
};

export function sexLabel(sex: string, lang: Lang): string {
  return sex === 'M' || sex === 'F' ? SEX_LABELS[sex][lang] : sex;
}

export function residenceLabel(type: string, lang: Lang): string {
  return (RESIDENCE_LABELS as Record<string, Localized | undefined>)[type]?.[lang] ?? type;
}

export function relationLabel(relation: string | null, lang: Lang): string {
  if (!relation) return '';
  return (RELATION_LABELS as Record<string, Localized | undefined>)[relation]?.[lang] ?? relation;
}

export function relationOf(value: string): value is Relation {
  return value in RELATION_LABELS;
}

export function specialLabel(kind: string, lang: Lang): string {
  return isSpecialKind(kind) ? SPECIAL_KIND_DEFINITIONS[kind].label[lang] : kind;
}

/** A special population's detail as text: a disability category or level in words, others as they are. */
export function detailText(field: DetailField, value: unknown, lang: Lang): string {
  if (value === undefined || value === null || value === '') return '';
  if (field.type === 'category' && typeof value === 'string' && value in DISABILITY_LABELS) {
    return DISABILITY_LABELS[value as DisabilityCategory][lang];
  }
  if (field.type === 'level' && typeof value === 'number') {
    return lang === 'zh' ? `${['', '一', '二', '三', '四'][value] ?? value}级` : `Level ${value}`;
  }
  return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
}

const SOURCES: Record<string, Localized> = {
  manual: { zh: '手工录入', en: 'Entered by hand' },
  edit: { zh: '页面修改', en: 'Edited' },
  import: { zh: '批量导入', en: 'Imported' },
  synthetic: { zh: '模拟数据', en: 'Synthetic' },
  demo: { zh: '演示数据', en: 'Demo data' },
};

export function sourceLabel(source: string, lang: Lang): string {
  return SOURCES[source]?.[lang] ?? source;
}

/** Field names of the change history (people columns, server/modules/population/person.codec.ts). */
const CHANGE_FIELDS: Record<string, Localized> = {
  created: { zh: '建档', en: 'Record created' },
  name: { zh: '姓名', en: 'Name' },
  id_number: { zh: '身份证号', en: 'ID number' },
  phone: { zh: '联系电话', en: 'Phone' },
  phone2: { zh: '备用电话', en: 'Second phone' },
  residence_type: { zh: '居住类型', en: 'Residence type' },
  registered_address: { zh: '户籍地址', en: 'Registered address' },
  work_unit: { zh: '工作单位', en: 'Work unit' },
  emergency_name: { zh: '紧急联系人', en: 'Emergency contact' },
  emergency_phone: { zh: '紧急联系电话', en: 'Emergency phone' },
  notes: { zh: '备注', en: 'Notes' },
  relation: { zh: '与户主关系', en: 'Relation to head' },
  unit: { zh: '单元', en: 'Unit' },
  room: { zh: '房号', en: 'Room' },
  village_code: { zh: '所属村（社区）', en: 'Village / community' },
  grid_code: { zh: '所属网格', en: 'Grid' },
  building_code: { zh: '所属楼栋', en: 'Building' },
  household_id: { zh: '所属户', en: 'Household' },
  specials: { zh: '特殊人群', en: 'Special populations' },
};

export function changeFieldLabel(field: string, lang: Lang): string {
  const known = CHANGE_FIELDS[field]?.[lang];
  if (known) return known;
  // special:<kind> entries added or removed
  const special = /^special[:.](\w+)$/.exec(field);
  if (special?.[1]) return `${CHANGE_FIELDS.specials![lang]} · ${specialLabel(special[1], lang)}`;
  return field;
}

/** A value of the change history in words where it is a code of our vocabulary. */
export function changeValueText(field: string, value: string | null, lang: Lang): string {
  if (value === null || value === '') return '—';
  if (field === 'residence_type') return residenceLabel(value, lang);
  if (field === 'relation') return relationLabel(value, lang);
  return value;
}

/** The age bands of UnitSummary (0-6, 7-17, 18-59, 60-79, 80+) in words. */
export function ageBandLabel(band: string, lang: Lang): string {
  if (lang === 'en') return band;
  return band.endsWith('+') ? `${band.slice(0, -1)}岁以上` : `${band}岁`;
}
