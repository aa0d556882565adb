/**
 * The words ledgers use for coded values: residence types, relations to the household head,
 * special populations, disability categories and levels, sex. The canonical labels come from
 * domain/population.ts; the variants below are what village ledgers actually contain.
 */
import {
  DISABILITY_CATEGORIES,
  DISABILITY_LABELS,
  type DisabilityCategory,
  RELATIONS,
  RELATION_LABELS,
  type Relation,
  RESIDENCE_TYPES,
  RESIDENCE_LABELS,
  type ResidenceType,
  SPECIAL_KINDS,
  SPECIAL_KIND_DEFINITIONS,
  type SpecialKind,
} from '../../../../domain/population.js';

const key = (text: string): string => text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

function table<T extends string>(
  values: readonly T[],
  labels: (value: T) => string[],
  extra: Record<string, T>,
): Map<string, T> {
  const map = new Map<string, T>();
  for (const value of values) for (const label of [value, ...labels(value)]) map.set(key(label), value);
  for (const [label, value] of Object.entries(extra)) map.set(key(label), value);
  return map;
}

const RESIDENCE = table<ResidenceType>(
  RESIDENCE_TYPES,
  (v) => [RESIDENCE_LABELS[v].zh, RESIDENCE_LABELS[v].en, RESIDENCE_LABELS[v].zh.replace(/人口$/, '')],
  {
    户籍居民: 'registered',
    本地户籍: 'registered',
    常住居民: 'resident',
    外来人口: 'floating',
    暂住人口: 'floating',
    暂住: 'floating',
    流动: 'floating',
  },
);

const RELATION = table<Relation>(RELATIONS, (v) => [RELATION_LABELS[v].zh, RELATION_LABELS[v].en], {
  本人: 'head',
  户主本人: 'head',
  妻: 'spouse',
  妻子: 'spouse',
  夫: 'spouse',
  丈夫: 'spouse',
  子: 'child',
  女: 'child',
  儿子: 'child',
  女儿: 'child',
  长子: 'child',
  次子: 'child',
  长女: 'child',
  次女: 'child',
  父亲: 'parent',
  母亲: 'parent',
  父: 'parent',
  母: 'parent',
  孙子: 'grandchild',
  孙女: 'grandchild',
  外孙: 'grandchild',
  外孙女: 'grandchild',
  祖父: 'grandparent',
  祖母: 'grandparent',
  外祖父: 'grandparent',
  外祖母: 'grandparent',
  兄: 'sibling',
  弟: 'sibling',
  姐: 'sibling',
  妹: 'sibling',
  哥哥: 'sibling',
  弟弟: 'sibling',
  姐姐: 'sibling',
  妹妹: 'sibling',
  儿媳: 'other',
  女婿: 'other',
});

const SPECIAL = table<SpecialKind>(
  SPECIAL_KINDS,
  (v) => [SPECIAL_KIND_DEFINITIONS[v].label.zh, SPECIAL_KIND_DEFINITIONS[v].label.en],
  {
    独居: 'elderly_alone',
    空巢老人: 'elderly_alone',
    残疾: 'disabled',
    透析: 'dialysis',
    孕妇: 'pregnant',
    孕产妇: 'pregnant',
    慢性病: 'chronic',
    慢病: 'chronic',
    慢性病患者: 'chronic',
    低保: 'low_income',
    低保户: 'low_income',
    特困: 'extreme_poverty',
    特困人员: 'extreme_poverty',
    五保户: 'extreme_poverty',
    事实孤儿: 'unsupported_child',
    行动不便: 'immobile',
    失能: 'immobile',
    卧床: 'immobile',
  },
);

const DISABILITY = table<DisabilityCategory>(
  DISABILITY_CATEGORIES,
  (v) => [DISABILITY_LABELS[v].zh, DISABILITY_LABELS[v].en, DISABILITY_LABELS[v].zh.replace(/残疾$/, '')],
  {},
);

export const parseResidence = (text: string): ResidenceType | undefined => RESIDENCE.get(key(text));
export const parseRelation = (text: string): Relation | undefined => RELATION.get(key(text));
export const parseSpecialKind = (text: string): SpecialKind | undefined => SPECIAL.get(key(text));
export const parseDisability = (text: string): DisabilityCategory | undefined => DISABILITY.get(key(text));

export function parseSex(text: string): 'M' | 'F' | undefined {
  const k = key(text);
  if (['男', '男性', 'm', 'male'].includes(k)) return 'M';
  if (['女', '女性', 'f', 'female'].includes(k)) return 'F';
  return undefined;
}

const CHINESE_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 壹: 1, 贰: 2, 叁: 3, 肆: 4 };

/** 2, "2", "2级", "二级", "贰级" → 2. */
export function parseLevel(text: string): number | undefined {
  const k = key(text).replace(/级$/, '');
  if (/^\d+$/.test(k)) return Number(k);
  return CHINESE_DIGITS[k];
}

/** The Chinese labels of the special populations, for messages and the template. */
export const SPECIAL_LABELS_ZH = SPECIAL_KINDS.map((k) => SPECIAL_KIND_DEFINITIONS[k].label.zh);
