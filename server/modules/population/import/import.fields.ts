/**
 * The columns a people ledger can have: the template's Chinese header of each, the other headers
 * grassroots ledgers use for it, and how its cells are read. One list drives the template, the
 * suggested mapping and validation, so they cannot disagree.
 */

export const IMPORT_FIELDS = [
  'name',
  'idNumber',
  'sex',
  'birthDate',
  'phone',
  'phone2',
  'residenceType',
  'registeredAddress',
  'workUnit',
  'village',
  'grid',
  'building',
  'unit',
  'room',
  'relation',
  'emergencyName',
  'emergencyPhone',
  'specials',
  'disabilityCategory',
  'disabilityLevel',
  'dialysisSchedule',
  'dialysisHospital',
  'dueDate',
  'prenatalHospital',
  'chronicCondition',
  'medicine',
  'notes',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/**
 * How a cell is read. `id` and `phone` refuse numbers Excel has rounded; `date` takes Excel dates
 * and serial numbers; `place` (grid, building, unit, room) refuses cells Excel turned into dates.
 */
export type CellKind = 'text' | 'id' | 'phone' | 'date' | 'place' | 'number';

export interface FieldDefinition {
  header: string;
  /** Other headers that mean the same column, compared after normalising (see headerKey). */
  synonyms: readonly string[];
  kind: CellKind;
  /** Shown on the template's 填写说明 sheet. */
  hint: string;
  /** An example value for the template's sample row. */
  example: string;
  /** Read when a ledger has the column, but not offered in the template (false). */
  inTemplate?: false;
}

export const FIELD_DEFINITIONS: Record<ImportField, FieldDefinition> = {
  name: {
    header: '姓名',
    synonyms: ['名字', '居民姓名', '人员姓名', '户主姓名及成员', '姓 名'],
    kind: 'text',
    hint: '必填',
    example: '张三',
  },
  idNumber: {
    header: '身份证号',
    synonyms: ['身份证号码', '证件号码', '证件号', '公民身份号码', '身份证', '身份号码', '居民身份证号码'],
    kind: 'id',
    hint: '必填；18位或15位，末位X大小写均可。请把本列设为“文本”格式，否则Excel会把号码改成科学计数法并丢失后几位',
    example: '131002199001011234',
  },
  sex: {
    header: '性别',
    synonyms: ['性 别'],
    kind: 'text',
    hint: '可选；男/女。填写时须与身份证号一致',
    example: '男',
  },
  birthDate: {
    header: '出生日期',
    synonyms: ['出生年月', '出生年月日', '生日'],
    kind: 'date',
    hint: '可选；填写时须与身份证号中的出生日期一致',
    example: '',
    inTemplate: false,
  },
  phone: {
    header: '联系电话',
    synonyms: ['手机', '手机号', '手机号码', '电话', '电话号码', '联系方式', '本人电话', '联系电话1'],
    kind: 'phone',
    hint: '11位手机号或带区号的固定电话',
    example: '13800138000',
  },
  phone2: {
    header: '备用电话',
    synonyms: ['其他电话', '联系电话2', '电话2', '家庭电话'],
    kind: 'phone',
    hint: '可选',
    example: '',
  },
  residenceType: {
    header: '人口类型',
    synonyms: ['人员类型', '人口类别', '户籍类型', '居住类型', '人员类别'],
    kind: 'text',
    hint: '户籍 / 常住 / 流动（也可写“户籍人口”等）。留空：新登记人员记为常住人口，已登记人员保持原值',
    example: '户籍',
  },
  registeredAddress: {
    header: '户籍地址',
    synonyms: ['户籍地', '户籍所在地', '户口所在地', '户籍地详址'],
    kind: 'text',
    hint: '可选',
    example: '河北省廊坊市安次区落垡镇张营村',
  },
  workUnit: {
    header: '工作单位',
    synonyms: ['单位', '工作单位及职务', '就业单位', '学校或单位'],
    kind: 'text',
    hint: '可选',
    example: '',
  },
  village: {
    header: '村（社区）',
    synonyms: [
      '村',
      '社区',
      '村居',
      '村(社区)',
      '村/社区',
      '所属村',
      '所属社区',
      '村居委会',
      '村委会',
      '居委会',
      '所在村',
    ],
    kind: 'text',
    hint: '村（社区）名称，或12位统计用区划代码；重名时请填代码或“镇名/村名”。您只负责一个村时可留空',
    example: '张营村',
  },
  grid: {
    header: '网格',
    synonyms: ['所属网格', '网格名称', '网格号'],
    kind: 'place',
    hint: '可选；须是该村已建立的网格（名称或代码）',
    example: '',
  },
  building: {
    header: '楼栋',
    synonyms: ['楼号', '楼栋号', '楼', '栋', '楼宇', '所在楼栋'],
    kind: 'place',
    hint: '可选；须是该村已建立的楼栋（如“1号楼”）。不存在的楼栋不会自动创建，请先在“辖区管理”中添加',
    example: '1号楼',
  },
  unit: {
    header: '单元',
    synonyms: ['单元号'],
    kind: 'place',
    hint: '可选',
    example: '2',
  },
  room: {
    header: '门牌号/室',
    synonyms: ['门牌号', '室', '房号', '房间号', '户号', '门牌', '住址门牌号', '室号'],
    kind: 'place',
    hint: '楼房填室号，平房填门牌号；同一村、楼栋、单元、门牌的人员归为一户',
    example: '301',
  },
  relation: {
    header: '与户主关系',
    synonyms: ['与户主关系', '户主关系', '关系'],
    kind: 'text',
    hint: '户主 / 配偶 / 子女 / 父母 / 孙子女 / 祖父母 / 兄弟姐妹 / 其他',
    example: '户主',
  },
  emergencyName: {
    header: '紧急联系人',
    synonyms: ['紧急联系人姓名', '联系人'],
    kind: 'text',
    hint: '可选',
    example: '',
  },
  emergencyPhone: {
    header: '紧急联系人电话',
    synonyms: ['紧急联系电话', '联系人电话'],
    kind: 'phone',
    hint: '可选',
    example: '',
  },
  specials: {
    header: '特殊人群',
    synonyms: ['特殊人群类别', '特殊群体', '重点人群', '人群类别'],
    kind: 'text',
    hint: '可选；多个用逗号或顿号分隔：',
    example: '',
  },
  disabilityCategory: {
    header: '残疾类别',
    synonyms: ['残疾类型'],
    kind: 'text',
    hint: '特殊人群含“残疾人”时必填：视力/听力/言语/肢体/智力/精神/多重',
    example: '',
  },
  disabilityLevel: {
    header: '残疾等级',
    synonyms: ['残疾级别'],
    kind: 'number',
    hint: '特殊人群含“残疾人”时必填：1–4（可写“二级”）',
    example: '',
  },
  dialysisSchedule: {
    header: '透析排班',
    synonyms: ['透析时间'],
    kind: 'text',
    hint: '特殊人群含“透析患者”时必填，如“每周一三五上午”',
    example: '',
  },
  dialysisHospital: {
    header: '透析医院',
    synonyms: [],
    kind: 'text',
    hint: '特殊人群含“透析患者”时必填',
    example: '',
  },
  dueDate: {
    header: '预产期',
    synonyms: [],
    kind: 'date',
    hint: '特殊人群含“孕产妇”时必填；日期，如 2022-05-01',
    example: '',
  },
  prenatalHospital: {
    header: '产检医院',
    synonyms: [],
    kind: 'text',
    hint: '特殊人群含“孕产妇”时必填',
    example: '',
  },
  chronicCondition: {
    header: '慢性病病种',
    synonyms: ['慢性病', '病种'],
    kind: 'text',
    hint: '特殊人群含“慢性病需长期用药”时必填',
    example: '',
  },
  medicine: {
    header: '常用药',
    synonyms: ['常用药品', '用药'],
    kind: 'text',
    hint: '可选',
    example: '',
  },
  notes: {
    header: '备注',
    synonyms: ['说明'],
    kind: 'text',
    hint: '可选',
    example: '',
  },
};

/** Fields without which a row means nothing. */
export const REQUIRED_FIELDS: readonly ImportField[] = ['name', 'idNumber'];

/** A header compared loosely: full-width brackets and spaces, a trailing colon or asterisk, ignored. */
export function headerKey(header: string): string {
  return header
    .normalize('NFKC')
    .replace(/[\s*：:（）()]/g, '')
    .toLowerCase();
}

const BY_HEADER = new Map<string, ImportField>();
for (const field of IMPORT_FIELDS) {
  const def = FIELD_DEFINITIONS[field];
  for (const name of [def.header, ...def.synonyms]) {
    const key = headerKey(name);
    if (!BY_HEADER.has(key)) BY_HEADER.set(key, field);
  }
}

/** The field a header names, if any (exact template header or a known synonym). */
export function fieldOfHeader(header: string): ImportField | undefined {
  return BY_HEADER.get(headerKey(header));
}

export function isImportField(value: string): value is ImportField {
  return (IMPORT_FIELDS as readonly string[]).includes(value);
}
