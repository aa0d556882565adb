/**
 * One ledger row → a validated person (without the place, which needs the database) or the list of
 * what is wrong with it, each naming the column as it is headed in the user's file. Pure: no I/O.
 */
import { ID_PROBLEM_MESSAGES, parseIdNumber, parsePhone } from '../../../../domain/idcard.js';
import {
  type ResidenceType,
  SPECIAL_KIND_DEFINITIONS,
  type SpecialKind,
  specialDetailProblems,
} from '../../../../domain/population.js';
import type { PersonInput } from '../person.codec.js';
import { type Cell, cellText, isBlank, numberText, serialToIso } from './import.cells.js';
import { FIELD_DEFINITIONS, type ImportField } from './import.fields.js';
import {
  SPECIAL_LABELS_ZH,
  parseDisability,
  parseLevel,
  parseRelation,
  parseResidence,
  parseSex,
  parseSpecialKind,
} from './import.labels.js';

export interface RowProblem {
  /** The column's header in the file (the template's header when the file has no such column). */
  column: string;
  /** Chinese, for the error report and the page. */
  message: string;
  code: string;
}

/** A row's person. Empty optional cells are null: on an existing person they keep the stored value. */
/** A person as a row gives them: the written fields, except that the residence type may be left out
 * (an update then keeps the stored one). */
export type ParsedPerson = Omit<PersonInput, 'residenceType'> & { residenceType: ResidenceType | null };

export interface ParsedRow {
  person: ParsedPerson;
  place: { village: string | null; grid: string | null; building: string | null };
  specials: Array<{ kind: SpecialKind; details: Record<string, unknown> }>;
}

/** Reads the cells of one row by field; `header` names a field's column for messages. */
export interface RowAccess {
  cell(field: ImportField): Cell | undefined;
  header(field: ImportField): string;
}

const MAX_LENGTH: Partial<Record<ImportField, number>> = { name: 50, notes: 500, emergencyName: 50 };

/** 2022-05-01, 2022/5/1, 2022.5.1, 2022年5月1日, 20220501 → YYYY-MM-DD; null when none of these. */
export function parseDateText(text: string): string | null {
  const t = text.normalize('NFKC').trim();
  const m =
    /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s.*)?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

export interface RowResult {
  row?: ParsedRow;
  problems: RowProblem[];
  /** The canonical ID number whenever it is valid, even if other cells are not (for duplicate checks). */
  idNumber?: string;
}

export function parseRow(row: RowAccess, today = new Date()): RowResult {
  const problems: RowProblem[] = [];
  const problem = (field: ImportField, code: string, message: string): void => {
    problems.push({ column: row.header(field), code, message });
  };

  /** A cell as text: null when blank; formulas without result, errors and stray dates are problems. */
  const text = (field: ImportField): string | null => {
    const cell = row.cell(field);
    if (isBlank(cell) || !cell) return null;
    const kind = FIELD_DEFINITIONS[field].kind;
    switch (cell.kind) {
      case 'formula':
        problem(field, 'formula', '单元格是公式但没有计算结果，请在Excel中复制后“选择性粘贴—数值”');
        return null;
      case 'error':
        problem(field, 'cell_error', `单元格是错误值 ${cell.code}`);
        return null;
      case 'date':
        if (kind === 'place' || kind === 'id' || kind === 'phone' || kind === 'number') {
          problem(
            field,
            'date_cell',
            `Excel把该单元格识别成了日期（${cell.iso}），请把该列设为文本格式后重新填写`,
          );
          return null;
        }
        return cell.iso;
      case 'number':
        return numberText(cell.value);
      case 'text': {
        const value = cell.text.replace(/\u00a0/g, ' ').trim();
        const max = MAX_LENGTH[field] ?? 200;
        if (value.length > max) {
          problem(field, 'too_long', `内容过长（最多${max}个字）`);
          return null;
        }
        return value;
      }
      default:
        return cellText(cell).trim() || null;
    }
  };

  const idCell = row.cell('idNumber');
  let id: ReturnType<typeof parseIdNumber> | null = null;
  const rounded = '身份证号被Excel存成了数字，后几位已丢失；请把该列设为“文本”格式后重新填写号码';
  if (idCell?.kind === 'number' && idCell.value >= 1e15) problem('idNumber', 'id_as_number', rounded);
  else {
    const idText = text('idNumber');
    if (idText && /^\d(\.\d+)?e\+?\d+$/i.test(idText)) problem('idNumber', 'id_as_number', rounded);
    else if (idText === null && !problems.some((p) => p.column === row.header('idNumber'))) {
      problem('idNumber', 'empty', ID_PROBLEM_MESSAGES.empty.zh);
    } else if (idText !== null) {
      id = parseIdNumber(idText, today);
      if (!id.ok) problem('idNumber', id.problem, ID_PROBLEM_MESSAGES[id.problem].zh);
    }
  }

  const name = text('name');
  if (name === null && !problems.some((p) => p.column === row.header('name')))
    problem('name', 'empty', '姓名为空');

  const sexText = text('sex');
  if (sexText !== null) {
    const sex = parseSex(sexText);
    if (!sex) problem('sex', 'bad_sex', '性别应为“男”或“女”');
    else if (id?.ok && sex !== id.sex) {
      problem('sex', 'sex_mismatch', `性别与身份证号不符（身份证号显示为${id.sex === 'M' ? '男' : '女'}）`);
    }
  }
  checkBirthDate(row, id?.ok ? id.birthDate : null, problem);

  const phone = (field: ImportField): string | null => {
    const value = text(field);
    if (value === null) return null;
    const parsed = parsePhone(value);
    if (!parsed.ok) problem(field, 'bad_phone', '电话号码格式不正确（应为11位手机号，或带区号的固定电话）');
    return parsed.ok ? parsed.value : null;
  };
  const phone1 = phone('phone');
  const phone2 = phone('phone2');
  const emergencyPhone = phone('emergencyPhone');

  const residenceText = text('residenceType');
  const residenceType = residenceText === null ? null : (parseResidence(residenceText) ?? null);
  if (residenceText !== null && !residenceType)
    problem('residenceType', 'bad_residence', '人口类型应为“户籍”“常住”或“流动”');

  const relationText = text('relation');
  const relation = relationText === null ? null : (parseRelation(relationText) ?? null);
  if (relationText !== null && !relation) {
    problem(
      'relation',
      'bad_relation',
      '与户主关系应为户主、配偶、子女、父母、孙子女、祖父母、兄弟姐妹或其他',
    );
  }

  const specials = parseSpecials(row, text, problem, problems);
  const place = { village: text('village'), grid: text('grid'), building: text('building') };
  const person = {
    registeredAddress: text('registeredAddress'),
    workUnit: text('workUnit'),
    emergencyName: text('emergencyName'),
    notes: text('notes'),
    unit: text('unit'),
    room: text('room'),
  };
  const idNumber = id?.ok ? { idNumber: id.value } : {};
  if (problems.length > 0 || !id?.ok || name === null) return { problems, ...idNumber };
  return {
    problems,
    ...idNumber,
    row: {
      person: {
        idNumber: id.value,
        name,
        sex: id.sex,
        birthDate: id.birthDate,
        phone: phone1,
        phone2,
        residenceType,
        emergencyPhone,
        relation,
        ...person,
      },
      place,
      specials,
    },
  };
}

function checkBirthDate(
  row: RowAccess,
  fromId: string | null,
  problem: (field: ImportField, code: string, message: string) => void,
): void {
  const cell = row.cell('birthDate');
  if (!cell || isBlank(cell) || !fromId) return;
  let given: string | null;
  if (cell.kind === 'date') given = cell.iso;
  else if (cell.kind === 'number')
    given = /^\d{8}$/.test(numberText(cell.value))
      ? parseDateText(numberText(cell.value))
      : serialToIso(cell.value);
  else {
    const t = cellText(cell).normalize('NFKC').trim();
    const month = /^(\d{4})[-/.年](\d{1,2})月?$/.exec(t) ?? /^(\d{4})(\d{2})$/.exec(t);
    // 出生年月 columns often hold only year and month: compare those.
    if (month) {
      if (`${month[1]}-${month[2]!.padStart(2, '0')}` !== fromId.slice(0, 7)) {
        problem('birthDate', 'birth_mismatch', `出生年月与身份证号不符（身份证号为${fromId.slice(0, 7)}）`);
      }
      return;
    }
    given = parseDateText(t);
  }
  if (given === null) problem('birthDate', 'bad_date', '出生日期格式不正确（如 1990-01-31）');
  else if (given !== fromId)
    problem('birthDate', 'birth_mismatch', `出生日期与身份证号不符（身份证号为${fromId}）`);
}

/** Where each special population's details come from. */
const DETAIL_FIELDS: Record<SpecialKind, Record<string, ImportField>> = {
  elderly_alone: {},
  disabled: { category: 'disabilityCategory', level: 'disabilityLevel' },
  dialysis: { schedule: 'dialysisSchedule', hospital: 'dialysisHospital' },
  pregnant: { dueDate: 'dueDate', hospital: 'prenatalHospital' },
  chronic: { condition: 'chronicCondition', medicine: 'medicine' },
  low_income: {},
  extreme_poverty: {},
  orphan: {},
  unsupported_child: {},
  left_behind_child: {},
  immobile: {},
};

function parseSpecials(
  row: RowAccess,
  text: (field: ImportField) => string | null,
  problem: (field: ImportField, code: string, message: string) => void,
  problems: RowProblem[],
): ParsedRow['specials'] {
  const listed = text('specials');
  const kinds: SpecialKind[] = [];
  for (const label of listed ? listed.split(/[,，、;；/\s]+/).filter(Boolean) : []) {
    const kind = parseSpecialKind(label);
    if (!kind)
      problem('specials', 'bad_special', `不认识的特殊人群“${label}”；可填：${SPECIAL_LABELS_ZH.join('、')}`);
    else if (!kinds.includes(kind)) kinds.push(kind);
  }
  const out: ParsedRow['specials'] = [];
  for (const [kind, fields] of Object.entries(DETAIL_FIELDS) as Array<
    [SpecialKind, Record<string, ImportField>]
  >) {
    const label = SPECIAL_KIND_DEFINITIONS[kind].label.zh;
    const details: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(fields)) {
      const value = detailValue(row, field, text, problem);
      if (value !== null) details[key] = value;
    }
    if (!kinds.includes(kind)) {
      for (const field of Object.values(fields)) {
        if (details[keyOf(fields, field)] !== undefined) {
          problem(field, 'detail_without_kind', `填写了${row.header(field)}，但“特殊人群”中没有“${label}”`);
        }
      }
      continue;
    }
    for (const [key, message] of Object.entries(specialDetailProblems(kind, details))) {
      const field = fields[key]!;
      // A value already refused above (a bad date, level …) needs no second message.
      if (problems.some((p) => p.column === row.header(field))) continue;
      problem(
        field,
        'bad_detail',
        message === 'required' ? `特殊人群含“${label}”时必填` : `格式不正确（${message}）`,
      );
    }
    out.push({ kind, details });
  }
  return out;
}

const keyOf = (fields: Record<string, ImportField>, field: ImportField): string =>
  Object.entries(fields).find(([, f]) => f === field)![0];

function detailValue(
  row: RowAccess,
  field: ImportField,
  text: (field: ImportField) => string | null,
  problem: (field: ImportField, code: string, message: string) => void,
): unknown {
  const cell = row.cell(field);
  if (field === 'dueDate' && cell?.kind === 'number') {
    const iso = serialToIso(cell.value);
    if (!iso) problem(field, 'bad_date', '日期格式不正确（如 2022-05-01）');
    return iso;
  }
  const value = text(field);
  if (value === null) return null;
  switch (field) {
    case 'dueDate': {
      const iso = parseDateText(value);
      if (!iso) problem(field, 'bad_date', '日期格式不正确（如 2022-05-01）');
      return iso;
    }
    case 'disabilityCategory': {
      const category = parseDisability(value);
      if (!category) problem(field, 'bad_category', '残疾类别应为视力、听力、言语、肢体、智力、精神或多重');
      return category ?? null;
    }
    case 'disabilityLevel': {
      const level = parseLevel(value);
      if (level === undefined || level < 1 || level > 4) problem(field, 'bad_level', '残疾等级应为1–4级');
      return level ?? null;
    }
    default:
      return value;
  }
}
