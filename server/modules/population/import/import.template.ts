/**
 * The downloadable ledger template: sheet 人员信息 with the Chinese headers, ID and phone columns
 * formatted as text (so Excel keeps all 18 digits), one example row, and a 填写说明 sheet.
 */
import ExcelJS from 'exceljs';
import { makeIdNumber } from '../../../../domain/idcard.js';
import { DATA_SHEET } from './import.xlsx.js';
import { FIELD_DEFINITIONS, IMPORT_FIELDS, type ImportField, REQUIRED_FIELDS } from './import.fields.js';
import { SPECIAL_LABELS_ZH } from './import.labels.js';

export const TEMPLATE_FIELDS: ImportField[] = IMPORT_FIELDS.filter(
  (f) => FIELD_DEFINITIONS[f].inTemplate !== false,
);

/**
 * The example row's ID number. A row with it whose name starts with 示例 is skipped on import, so
 * a template filled in without deleting the example adds no fictitious person.
 */
export const EXAMPLE_ID = makeIdNumber('131002', '1990-01-01', 123);
export const EXAMPLE_NAME = '示例：张三';

const TEXT_COLUMNS = new Set(['id', 'phone', 'place']);

export async function templateWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Cordon';
  const sheet = workbook.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = TEMPLATE_FIELDS.map((field) => {
    const def = FIELD_DEFINITIONS[field];
    return {
      header: def.header,
      key: field,
      width: Math.max(10, def.header.length * 2 + 4, field === 'idNumber' ? 22 : 0),
      style: TEXT_COLUMNS.has(def.kind) ? { numFmt: '@' } : {},
    };
  });
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.eachCell((cell, col) => {
    const required = REQUIRED_FIELDS.includes(TEMPLATE_FIELDS[col - 1]!);
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: required ? 'FFFFE7BA' : 'FFEFEFEF' } };
  });
  const example: Partial<Record<ImportField, string>> = Object.fromEntries(
    TEMPLATE_FIELDS.map((f) => [f, FIELD_DEFINITIONS[f].example]),
  );
  example.name = EXAMPLE_NAME;
  example.idNumber = EXAMPLE_ID;
  const row = sheet.addRow(example);
  row.font = { italic: true, color: { argb: 'FF888888' } };

  const help = workbook.addWorksheet('填写说明');
  help.columns = [
    { header: '列名', width: 16 },
    { header: '是否必填', width: 10 },
    { header: '说明', width: 90 },
  ];
  help.getRow(1).font = { bold: true };
  for (const field of TEMPLATE_FIELDS) {
    const def = FIELD_DEFINITIONS[field];
    const hint = field === 'specials' ? `${def.hint}${SPECIAL_LABELS_ZH.join('、')}` : def.hint;
    help.addRow([def.header, REQUIRED_FIELDS.includes(field) ? '必填' : '可选', hint]);
  }
  help.addRow([]);
  for (const line of [
    '每行一人。第2行是示例，可以删除；不删除也不会被导入。',
    '同一文件中同一身份证号只能出现一次；重复的行会被退回并注明与哪一行重复。',
    '已登记的人员按身份证号更新，并记录每个字段的修改历史；重复导入同一文件不会产生任何改动。',
    '空白单元格不会清除已登记的信息；如需清除，请在人员详情页中修改。',
    '有问题的行不会导入，导入完成后可下载“错误行”表格，其中“错误原因”列写明哪一列、什么问题；改正后可直接上传该表格。',
    '也可以上传其他格式的台账（.xlsx 或 CSV，UTF-8 或 GBK 编码均可），上传后在“列对应”步骤中指定各列。',
  ]) {
    help.addRow(['', '', line]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
