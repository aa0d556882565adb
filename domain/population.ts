/**
 * The population ledger's vocabulary (底数): residence types, relations to the household head, and
 * the special populations a village keeps registers of, with the details each one needs. Pure data,
 * shared by the server (validation, import) and the web app (forms, labels).
 */

export const RESIDENCE_TYPES = ['registered', 'resident', 'floating'] as const;
export type ResidenceType = (typeof RESIDENCE_TYPES)[number];

export const RESIDENCE_LABELS: Record<ResidenceType, { zh: string; en: string }> = {
  registered: { zh: '户籍人口', en: 'Registered' },
  resident: { zh: '常住人口', en: 'Resident' },
  floating: { zh: '流动人口', en: 'Floating' },
};

export const RELATIONS = [
  'head',
  'spouse',
  'child',
  'parent',
  'grandchild',
  'grandparent',
  'sibling',
  'other',
] as const;
export type Relation = (typeof RELATIONS)[number];

export const RELATION_LABELS: Record<Relation, { zh: string; en: string }> = {
  head: { zh: '户主', en: 'Head' },
  spouse: { zh: '配偶', en: 'Spouse' },
  child: { zh: '子女', en: 'Child' },
  parent: { zh: '父母', en: 'Parent' },
  grandchild: { zh: '孙子女', en: 'Grandchild' },
  grandparent: { zh: '祖父母', en: 'Grandparent' },
  sibling: { zh: '兄弟姐妹', en: 'Sibling' },
  other: { zh: '其他', en: 'Other' },
};

export const SPECIAL_KINDS = [
  'elderly_alone',
  'disabled',
  'dialysis',
  'pregnant',
  'chronic',
  'low_income',
  'extreme_poverty',
  'orphan',
  'unsupported_child',
  'left_behind_child',
  'immobile',
] as const;
export type SpecialKind = (typeof SPECIAL_KINDS)[number];

export const DISABILITY_CATEGORIES = [
  'visual',
  'hearing',
  'speech',
  'physical',
  'intellectual',
  'mental',
  'multiple',
] as const;
export type DisabilityCategory = (typeof DISABILITY_CATEGORIES)[number];

export const DISABILITY_LABELS: Record<DisabilityCategory, { zh: string; en: string }> = {
  visual: { zh: '视力残疾', en: 'Visual' },
  hearing: { zh: '听力残疾', en: 'Hearing' },
  speech: { zh: '言语残疾', en: 'Speech' },
  physical: { zh: '肢体残疾', en: 'Physical' },
  intellectual: { zh: '智力残疾', en: 'Intellectual' },
  mental: { zh: '精神残疾', en: 'Mental' },
  multiple: { zh: '多重残疾', en: 'Multiple' },
};

/** One detail a special population carries (a column of its register, a field of its form). */
export interface DetailField {
  key: string;
  type: 'text' | 'date' | 'level' | 'category';
  label: { zh: string; en: string };
  required: boolean;
}

export interface SpecialKindDefinition {
  label: { zh: string; en: string };
  /** Why front-line teams care during a lockdown (shown on the register). */
  need: { zh: string; en: string };
  details: readonly DetailField[];
}

const hospital: DetailField = {
  key: 'hospital',
  type: 'text',
  label: { zh: '医院', en: 'Hospital' },
  required: true,
};

export const SPECIAL_KIND_DEFINITIONS: Record<SpecialKind, SpecialKindDefinition> = {
  elderly_alone: {
    label: { zh: '独居老人', en: 'Elderly living alone' },
    need: { zh: '每日联系，上门送物资', en: 'Daily contact, doorstep supplies' },
    details: [],
  },
  disabled: {
    label: { zh: '残疾人', en: 'Disabled' },
    need: { zh: '上门服务', en: 'Door-to-door services' },
    details: [
      { key: 'category', type: 'category', label: { zh: '残疾类别', en: 'Category' }, required: true },
      { key: 'level', type: 'level', label: { zh: '残疾等级（1–4级）', en: 'Level (1–4)' }, required: true },
    ],
  },
  dialysis: {
    label: { zh: '透析患者', en: 'Dialysis' },
    need: { zh: '按排班点对点接送就医', en: 'Point-to-point transport on schedule' },
    details: [
      { key: 'schedule', type: 'text', label: { zh: '透析排班', en: 'Schedule' }, required: true },
      hospital,
    ],
  },
  pregnant: {
    label: { zh: '孕产妇', en: 'Pregnant' },
    need: { zh: '产检与分娩绿色通道', en: 'Green channel for check-ups and delivery' },
    details: [
      { key: 'dueDate', type: 'date', label: { zh: '预产期', en: 'Due date' }, required: true },
      hospital,
    ],
  },
  chronic: {
    label: { zh: '慢性病需长期用药', en: 'Chronic illness (regular medicine)' },
    need: { zh: '代购药品', en: 'Medicine delivery' },
    details: [
      { key: 'condition', type: 'text', label: { zh: '病种', en: 'Condition' }, required: true },
      { key: 'medicine', type: 'text', label: { zh: '常用药', en: 'Medicine' }, required: false },
    ],
  },
  low_income: {
    label: { zh: '低保对象', en: 'Low-income (低保)' },
    need: { zh: '生活物资保障', en: 'Living supplies' },
    details: [],
  },
  extreme_poverty: {
    label: { zh: '特困供养人员', en: 'Extreme-poverty support (特困)' },
    need: { zh: '生活物资保障', en: 'Living supplies' },
    details: [],
  },
  orphan: {
    label: { zh: '孤儿', en: 'Orphan' },
    need: { zh: '专人照护', en: 'Assigned carer' },
    details: [],
  },
  unsupported_child: {
    label: { zh: '事实无人抚养儿童', en: 'Unsupported child' },
    need: { zh: '专人照护', en: 'Assigned carer' },
    details: [],
  },
  left_behind_child: {
    label: { zh: '留守儿童', en: 'Left-behind child' },
    need: { zh: '联系监护人', en: 'Contact with guardians' },
    details: [],
  },
  immobile: {
    label: { zh: '行动不便人员', en: 'Immobile' },
    need: { zh: '上门采样与服务', en: 'Door-to-door sampling and services' },
    details: [],
  },
};

export function isSpecialKind(value: string): value is SpecialKind {
  return (SPECIAL_KINDS as readonly string[]).includes(value);
}

/** Problems with one special population's details, by field key; empty when they are fine. */
export function specialDetailProblems(
  kind: SpecialKind,
  details: Record<string, unknown>,
): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const field of SPECIAL_KIND_DEFINITIONS[kind].details) {
    const value = details[field.key];
    const empty = value === undefined || value === null || value === '';
    if (empty) {
      if (field.required) problems[field.key] = 'required';
      continue;
    }
    if (field.type === 'date' && !(typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value))) {
      problems[field.key] = 'not a date (YYYY-MM-DD)';
    } else if (
      field.type === 'level' &&
      !(Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 4)
    ) {
      problems[field.key] = 'a level from 1 to 4';
    } else if (field.type === 'category' && !(DISABILITY_CATEGORIES as readonly unknown[]).includes(value)) {
      problems[field.key] = `one of ${DISABILITY_CATEGORIES.join(', ')}`;
    } else if (field.type === 'text' && typeof value !== 'string') {
      problems[field.key] = 'text';
    }
  }
  return problems;
}
