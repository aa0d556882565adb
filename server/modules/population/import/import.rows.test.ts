/**
 * Rows: good rows imported, bad rows refused with the column and the reason, Excel's quirks
 * (formulas, serial dates, IDs stored as numbers, lower-case x, spaces), duplicates in the file,
 * and the error report that gives the bad rows back as an .xlsx.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../../domain/idcard.js';
import { type Client, type TestApp, TEST_PII, createTestApp } from '../../../test/app.js';
import {
  HEADERS,
  csv,
  idOf,
  importFile,
  personRow,
  upload,
  xlsx,
  type UploadJson,
} from './import.fixtures.js';

let t: TestApp;
let village: Client;

beforeAll(async () => {
  t = await createTestApp();
  village = await t.login('village-worker');
});
afterAll(async () => t.close());

interface ErrorRow {
  row_number: number;
  problems: Array<{ column: string; message: string; code: string }>;
}

async function errorsOf(importId: string): Promise<Map<number, ErrorRow['problems']>> {
  const rows = await t.db.db
    .selectFrom('import_errors')
    .select(['row_number', 'problems'])
    .where('import_id', '=', importId)
    .orderBy('row_number')
    .execute();
  return new Map(rows.map((r) => [r.row_number, r.problems as ErrorRow['problems']]));
}

async function person(id: string) {
  return t.db.db.selectFrom('people').selectAll().where('id_hash', '=', TEST_PII.hash(id)).executeTakeFirst();
}

describe('bad rows', () => {
  it('imports the good rows and refuses each bad one naming the column and why', async () => {
    const headers = [...HEADERS, '性别', '特殊人群', '残疾类别', '残疾等级'];
    const good = (n: number) => [...personRow(n), '', '', '', ''];
    const badCheck = idOf(12).slice(0, 17) + (idOf(12).endsWith('1') ? '2' : '1');
    const rows = [
      headers,
      good(11), // row 2
      ['', idOf(12), '', '', '', '', '', '', '', '', '', '', ''], // 3: no name
      ['甲', badCheck, '', '', '', '', '', '', '', '', '', '', ''], // 4: check digit
      ['乙', idOf(13), '123', '', '', '', '', '', '', '', '', '', ''], // 5: phone
      ['丙', idOf(14), '', '外星', '', '', '', '', '', '', '', '', ''], // 6: residence type
      ['丁', idOf(15), '', '', '不存在村', '', '', '', '', '', '', '', ''], // 7: village
      ['戊', idOf(16), '', '', '张营村', '9号楼', '', '', '', '', '', '', ''], // 8: building
      ['己', idOf(17), '', '', '', '', '', '', '', Number(idOf(17)[16]) % 2 ? '女' : '男', '', '', ''], // 9: sex
      ['庚', idOf(18), '', '', '', '', '', '', '', '', '残疾人', '', ''], // 10: details
      good(19), // 11
      ['辛', idOf(11), '', '', '', '', '', '', '', '', '', '', ''], // 12: duplicate of row 2
      [],
      ['壬', '13100219900230123X', '', '', '', '', '', '', '', '', '', '', ''], // 14: impossible date
    ];
    const job = await importFile(t, village, csv(rows));
    expect(job).toMatchObject({
      status: 'done',
      ok: 2,
      inserted: 2,
      failed: 10,
      rowsDone: 13,
      rowsTotal: 13,
    });
    const errors = await errorsOf(job.id);
    const summary = Object.fromEntries(
      [...errors].map(([row, problems]) => [row, problems.map((p) => `${p.column}:${p.code}`)]),
    );
    expect(summary).toEqual({
      3: ['姓名:empty'],
      4: ['身份证号:bad_check_digit'],
      5: ['联系电话:bad_phone'],
      6: ['人口类型:bad_residence'],
      7: ['村（社区）:unknown_village'],
      8: ['楼栋:unknown_building'],
      9: ['性别:sex_mismatch'],
      10: ['残疾类别:bad_detail', '残疾等级:bad_detail'],
      12: ['身份证号:duplicate_in_file'],
      14: ['身份证号:bad_date'],
    });
    expect(errors.get(12)![0]!.message).toBe('与第2行的身份证号重复');
    expect(errors.get(4)![0]!.message).toBe('身份证号校验位错误');
    expect(errors.get(10)![0]!.message).toContain('残疾人');
    expect(await person(idOf(12))).toBeUndefined();
    expect(await person(idOf(11))).toMatchObject({ name: '居民11', source: 'import' });

    // The report: 行号, 错误原因, then the original columns; it reads back with exceljs.
    const res = await village.get(`/api/population/imports/${job.id}/errors.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['行号', '错误原因', ...headers]);
    expect(sheet.rowCount).toBe(1 + 10);
    const first = (sheet.getRow(2).values as unknown[]).slice(1);
    expect(first[0]).toBe(3);
    expect(first[1]).toBe('姓名：姓名为空');
    expect(first[3]).toBe(idOf(12)); // the ID column kept as text, all 18 characters
    const dup = (sheet.getRow(10).values as unknown[]).slice(1);
    expect(dup.slice(0, 3)).toEqual([12, '身份证号：与第2行的身份证号重复', '辛']);

    // Officers above the uploader read the same report with identifiers masked.
    const town = await t.login('town-admin');
    const masked = new ExcelJS.Workbook();
    await masked.xlsx.load(
      (await town.get(`/api/population/imports/${job.id}/errors.xlsx`)).rawPayload as unknown as ArrayBuffer,
    );
    const row = (masked.worksheets[0]!.getRow(2).values as unknown[]).slice(1);
    expect(row[3]).toBe(`${idOf(12).slice(0, 4)}**********${idOf(12).slice(-4)}`);
    const phone = (masked.worksheets[0]!.getRow(4).values as unknown[]).slice(1);
    expect(phone.slice(0, 5)).toEqual([
      5,
      '联系电话：电话号码格式不正确（应为11位手机号，或带区号的固定电话）',
      '乙',
      expect.stringContaining('****'),
      '***',
    ]);
  });

  it('stores the rejected rows encrypted: no ID number in clear in import_errors', async () => {
    const rows = await t.db.db.selectFrom('import_errors').select('raw').execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(idOf(12));
  });

  it('a corrected error report imports as it is', async () => {
    const job = await importFile(
      t,
      village,
      csv([
        ['行号', '错误原因', ...HEADERS],
        ['3', '姓名：姓名为空', ...personRow(12)],
      ]),
    );
    expect(job).toMatchObject({ status: 'done', inserted: 1, failed: 0 });
  });
});

describe('what Excel does to cells', () => {
  it('formulas, serial and formatted dates, lower-case x, spaces, IDs stored as numbers', async () => {
    const xId = Array.from({ length: 300 }, (_, n) => idOf(n + 100)).find((id) => id.endsWith('X'))!;
    const old15 = '131002500101123';
    const numeric = idOf(21);
    const rows: unknown[][] = [
      ['姓名', '身份证号', '联系电话', '特殊人群', '预产期', '产检医院', '备注'],
      [{ formula: 'CONCATENATE("张","三")', result: '张三' }, idOf(20), 13800000020, '', '', '', ''], // 2: cached result used
      ['李四', { formula: 'A1' }, '', '', '', '', ''], // 3: formula without result
      ['王五', Number(numeric), '', '', '', '', ''], // 4: 18 digits as a number: rounded by Excel
      ['赵六', `${xId.slice(0, 6)} ${xId.slice(6, 14)} ${xId.slice(14, 17)}x`, '', '', '', '', ''], // 5
      ['钱七', Number(old15), '', '', '', '', ''], // 6: a 15-digit ID as a number is exact
      ['孙八', idOf(22, '131002'), '', '孕产妇', 44682, '市妇幼', ''], // 7: serial date
      ['周九', idOf(24, '131002'), '', '孕产妇', new Date(Date.UTC(2022, 5, 1)), '市妇幼', ''], // 8: a date cell
      ['吴十', idOf(26), '', '', '', '', { error: '#N/A' }], // 9
    ];
    const file = await xlsx(rows as ExcelJS.CellValue[][], (sheet) => {
      sheet.getCell('E8').numFmt = 'yyyy/m/d';
    });
    const job = await importFile(t, village, file, '台账.xlsx');
    expect(job).toMatchObject({ status: 'done', inserted: 5, failed: 3 });
    const errors = await errorsOf(job.id);
    expect([...errors.keys()]).toEqual([3, 4, 9]);
    expect(errors.get(3)![0]).toMatchObject({ column: '身份证号', code: 'formula' });
    expect(errors.get(4)![0]).toMatchObject({ column: '身份证号', code: 'id_as_number' });
    expect(errors.get(4)![0]!.message).toContain('文本');
    expect(errors.get(9)![0]).toMatchObject({ column: '备注', code: 'cell_error' });
    expect(await person(idOf(20))).toMatchObject({ name: '张三', phone_masked: '138****0020' });
    expect(await person(xId)).toMatchObject({ name: '赵六' });
    expect(await person(makeIdNumber('131002', '1950-01-01', 123))).toMatchObject({
      name: '钱七',
      birth_date: '1950-01-01',
    });
    const specials = await t.db.db
      .selectFrom('special_populations')
      .select(['kind', 'details'])
      .where('kind', '=', 'pregnant')
      .execute();
    expect(
      specials.map((s) => s.details).sort((a, b) => String(a.dueDate).localeCompare(String(b.dueDate))),
    ).toEqual([
      { dueDate: '2022-05-01', hospital: '市妇幼' },
      { dueDate: '2022-06-01', hospital: '市妇幼' },
    ]);
  });

  it('reads rich text and hyperlink cells as their text', async () => {
    const file = await xlsx([
      ['姓名', '身份证号', '联系电话'],
      [
        { richText: [{ text: '欧阳' }, { font: { bold: true }, text: '娜娜' }] },
        idOf(30),
        { text: '13800000030', hyperlink: 'tel:13800000030' },
      ],
    ]);
    const job = await importFile(t, village, file, 'rich.xlsx');
    expect(job).toMatchObject({ inserted: 1, failed: 0 });
    expect(await person(idOf(30))).toMatchObject({ name: '欧阳娜娜', phone_masked: '138****0030' });
  });

  it('keeps characters outside GBK in a GB18030 file', async () => {
    const job = await importFile(
      t,
      village,
      csv(
        [
          ['姓名', '身份证号'],
          ['刘䶮', idOf(31)],
          ['吉𠮷', idOf(32)],
        ],
        'gb18030',
      ),
    );
    expect(job).toMatchObject({ inserted: 2, encoding: 'gb18030' });
    expect((await person(idOf(31)))!.name).toBe('刘䶮');
    expect((await person(idOf(32)))!.name).toBe('吉𠮷');
  });

  it('reads shared strings split across compressed chunks without garbling Chinese', async () => {
    const names = Array.from({ length: 3000 }, (_, n) => `测试居民欧阳${'龘'.repeat(n % 5)}${n}`);
    const file = await xlsx([['姓名', '身份证号'], ...names.map((name, n) => [name, idOf(5000 + n)])]);
    const res = await upload(village, file, 'big.xlsx');
    expect(res.statusCode).toBe(201);
    const job = await importFile(t, village, file, 'big.xlsx');
    expect(job).toMatchObject({ status: 'done', inserted: 3000, failed: 0 });
    const stored = await t.db.db
      .selectFrom('people')
      .select('name')
      .where('name', 'like', '测试居民%')
      .execute();
    expect(stored.map((r) => r.name).sort()).toEqual([...names].sort());
  });
});

describe('column mapping for other layouts', () => {
  it('maps unknown headers as told, and refuses a mapping without the required fields', async () => {
    const file = csv([
      ['人员', '号码', '住在哪'],
      ['冯一', idOf(40), '张营村'],
    ]);
    const uploaded = (await upload(village, file)).json<UploadJson>();
    expect(uploaded.suggestedMapping).toEqual({ idNumber: '号码' });
    expect(uploaded.missingRequired).toEqual(['name']);
    const bad = await village.post(`/api/population/imports/${uploaded.import.id}/start`, {
      mapping: { idNumber: '号码', nickname: '人员' },
    });
    expect(
      bad
        .json<{ error: { code: string; details: { fields: Array<{ field: string }> } } }>()
        .error.details.fields.map((f) => f.field),
    ).toEqual(['mapping.nickname', 'mapping.name']);
    const ok = await village.post(`/api/population/imports/${uploaded.import.id}/start`, {
      mapping: { name: '人员', idNumber: '号码', village: '住在哪' },
    });
    expect(ok.statusCode).toBe(200);
    await t.app.importJobs.settled(uploaded.import.id);
    expect(await person(idOf(40))).toMatchObject({ name: '冯一' });
  });
});
