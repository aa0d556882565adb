/**
 * Uploading ledgers: the template, recognising format and encoding by content, the header row and
 * the suggested mapping, and refusing clearly what cannot be read — empty files, files of another
 * shape, old .xls, web pages, files over the size limit — without keeping anything of them.
 */
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, createTestApp } from '../../../test/app.js';
import {
  HEADERS,
  type UploadJson,
  csv,
  finished,
  idOf,
  importFile,
  personRow,
  upload,
  xlsx,
} from './import.fixtures.js';
import { EXAMPLE_ID } from './import.template.js';

let t: TestApp;
let village: Client;
let county: Client;

beforeAll(async () => {
  t = await createTestApp();
  village = await t.login('village-worker');
  county = await t.login('county-admin');
});
afterAll(async () => t.close());

const errorOf = (res: { json: <T>() => T }) =>
  res.json<{ error: { code: string; message: string; details?: Record<string, unknown> } }>().error;
const leftovers = () => fs.readdirSync(t.app.importJobs.deps.dir).filter((f) => !/\.(csv|xlsx)$/.test(f));

describe('the template', () => {
  it('has the Chinese headers, text-formatted ID and phone columns, an example row and instructions', async () => {
    const res = await village.get('/api/population/import-template.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('人员信息')!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers.slice(0, 4)).toEqual(['姓名', '身份证号', '性别', '联系电话']);
    expect(headers).toEqual(
      expect.arrayContaining(['村（社区）', '门牌号/室', '特殊人群', '预产期', '备注']),
    );
    expect(sheet.getColumn(2).numFmt).toBe('@');
    expect(sheet.getRow(2).getCell(2).value).toBe(EXAMPLE_ID);
    expect(workbook.getWorksheet('填写说明')!.rowCount).toBeGreaterThan(20);
  });

  it('imports nothing from the example row when the template comes back unchanged', async () => {
    const res = await village.get('/api/population/import-template.xlsx');
    const job = await importFile(t, village, res.rawPayload, '模板.xlsx');
    expect(job).toMatchObject({ status: 'done', ok: 0, failed: 0, format: 'xlsx' });
  });

  it('is for those who may import', async () => {
    const sampler = await t.login('sampler');
    expect((await sampler.get('/api/population/import-template.xlsx')).statusCode).toBe(403);
  });
});

describe('recognising a file', () => {
  const rows = [HEADERS, personRow(1), personRow(2)];

  it.each([
    ['utf-8', 'utf-8'],
    ['utf-8-bom', 'utf-8'],
    ['gbk', 'gb18030'],
    ['gb18030', 'gb18030'],
    ['utf-16le', 'utf-16le'],
  ] as const)('reads a CSV in %s', async (encoding, detected) => {
    // Row counts come from a byte scan that UTF-16 defeats: no estimate there.
    const rowsTotal = encoding === 'utf-16le' ? null : 2;
    const res = await upload(village, csv(rows, encoding), `台账-${encoding}.xlsx`);
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<UploadJson>();
    expect(body.import).toMatchObject({ format: 'csv', encoding: detected, status: 'uploaded', rowsTotal });
    expect(body.headers).toEqual(HEADERS);
    expect(body.preview[0]).toMatchObject({ 姓名: '居民1', 身份证号: idOf(1), '村（社区）': '张营村' });
    expect(body.suggestedMapping).toMatchObject({
      name: '姓名',
      idNumber: '身份证号',
      village: '村（社区）',
      room: '门牌号/室',
    });
    expect(body.missingRequired).toEqual([]);
  });

  it('reads an .xlsx by its content whatever its name, finds headers below a title row', async () => {
    const file = await xlsx([
      ['张营村人口台账（2022年3月）'],
      [],
      ['序号', '居民姓名', '公民身份号码', '手机号', '村居'],
      [1, '王五', idOf(3), '13900000003', '张营村'],
    ]);
    const res = await upload(village, file, 'ledger.csv');
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<UploadJson>();
    expect(body.import).toMatchObject({ format: 'xlsx', encoding: null });
    expect(body.headers).toEqual(['序号', '居民姓名', '公民身份号码', '手机号', '村居']);
    expect(body.suggestedMapping).toEqual({
      name: '居民姓名',
      idNumber: '公民身份号码',
      phone: '手机号',
      village: '村居',
    });
    expect(body.preview).toEqual([
      { 序号: '1', 居民姓名: '王五', 公民身份号码: idOf(3), 手机号: '13900000003', 村居: '张营村' },
    ]);
  });

  it('asks a county officer for the village column; a village worker may leave it out', async () => {
    const file = csv([
      ['姓名', '身份证号'],
      ['赵六', idOf(4)],
    ]);
    expect((await upload(village, file)).json<UploadJson>().missingRequired).toEqual([]);
    expect((await upload(county, file)).json<UploadJson>().missingRequired).toEqual(['village']);
  });

  it('accepts bodies larger than the 1 MiB JSON limit', async () => {
    const wide = [
      [...HEADERS, '说明'],
      ...Array.from({ length: 6000 }, (_, n) => [...personRow(n), 'x'.repeat(200)]),
    ];
    const body = csv(wide);
    expect(body.length).toBeGreaterThan(1024 * 1024);
    const res = await upload(village, body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<UploadJson>().import.rowsTotal).toBe(6000);
  });
});

describe('refusing what cannot be read', () => {
  it('an empty file, and one with headers only', async () => {
    const empty = await upload(village, Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
    expect(errorOf(empty)).toMatchObject({ code: 'IMPORT_EMPTY_FILE', details: { reason: 'no_bytes' } });
    const headersOnly = await upload(village, csv([HEADERS, ['', '', ''], []]));
    expect(errorOf(headersOnly)).toMatchObject({ code: 'IMPORT_EMPTY_FILE', details: { reason: 'no_rows' } });
    expect(leftovers()).toEqual([]);
  });

  it('a file of another shape, naming the missing columns and the headers found', async () => {
    const res = await upload(
      village,
      csv([
        ['商品', '单价', '数量'],
        ['苹果', '5', '3'],
      ]),
    );
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toMatchObject({
      code: 'IMPORT_WRONG_SHAPE',
      details: { missing: ['姓名', '身份证号'], headers: ['商品', '单价', '数量'] },
    });
    expect(errorOf(res).message).toContain('商品, 单价, 数量');
  });

  it('an old .xls, a web page saved as .xls, a binary file', async () => {
    const ole = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(600),
    ]);
    expect(errorOf(await upload(village, ole, 'a.xls'))).toMatchObject({
      code: 'IMPORT_UNREADABLE_FILE',
      details: { reason: 'xls' },
    });
    const html = Buffer.from('<html><body><table><tr><td>姓名</td></tr></table></body></html>');
    expect(errorOf(await upload(village, html, 'a.xls'))).toMatchObject({ details: { reason: 'html' } });
    const binary = Buffer.from([1, 2, 0, 3, 0, 0, 9]);
    expect(errorOf(await upload(village, binary))).toMatchObject({ details: { reason: 'binary' } });
    const zip = await xlsx([HEADERS, personRow(1)]);
    const cut = zip.subarray(0, zip.length - 40); // a zip signature, but no directory: damaged
    expect(errorOf(await upload(village, cut, 'a.xlsx'))).toMatchObject({
      code: 'IMPORT_UNREADABLE_FILE',
      details: { reason: 'not_xlsx' },
    });
    expect(leftovers()).toEqual([]);
  });

  it('text in an encoding that is none of ours shows in the headers it lists', async () => {
    // Big5 bytes decode as GB18030 into other characters: no column is recognised, and the message
    // shows the headers as read (with the advice to save as UTF-8).
    const big5 = Buffer.from([
      0xa9, 0x6d, 0xa6, 0x57, 0x2c, 0xa8, 0xad, 0xa5, 0xf7, 0x0a, 0x41, 0x2c, 0x42, 0x0a,
    ]);
    const res = await upload(village, big5);
    expect(errorOf(res).code).toBe('IMPORT_WRONG_SHAPE');
  });

  it('an upload without a file name or with a content type we do not take', async () => {
    const noName = await village.request('POST', '/api/population/imports', csv([HEADERS]), {
      'content-type': 'text/csv',
    });
    expect(errorOf(noName).code).toBe('VALIDATION_FAILED');
    const json = await village.post('/api/population/imports?fileName=a.csv', { rows: [] });
    expect(json.statusCode).toBe(415);
  });
});

describe('the size limit', () => {
  let small: TestApp;
  beforeAll(async () => {
    small = await createTestApp({ settings: { importMaxBytes: 2000 } });
  });
  afterAll(async () => small.close());

  it('refuses a file over the limit with 413 naming the limit, declared or streamed, and keeps nothing', async () => {
    const client = await small.login('village-worker');
    const big = csv([HEADERS, ...Array.from({ length: 40 }, (_, n) => personRow(n))]);
    expect(big.length).toBeGreaterThan(2000);
    const declared = await upload(client, big);
    expect(declared.statusCode).toBe(413);
    expect(errorOf(declared)).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      details: { limitBytes: 2000, limit: '2 KiB' },
    });
    // Without a length header (chunked), the limit is enforced while streaming.
    const { Readable } = await import('node:stream');
    const streamed = await small.app.inject({
      method: 'POST',
      url: '/api/population/imports?fileName=big.csv',
      headers: {
        cookie: `cordon_session=${client.cookie}`,
        'x-csrf-token': client.csrfToken,
        'content-type': 'text/csv',
      },
      payload: Readable.from([big.subarray(0, 1500), big.subarray(1500)]),
    });
    expect(streamed.statusCode).toBe(413);
    expect(fs.readdirSync(small.app.importJobs.deps.dir)).toEqual([]);
    const list = await client.get('/api/population/imports');
    expect(list.json<{ total: number }>().total).toBe(0);
  });

  it('answers 413 over real HTTP too, while the client is still sending (not a reset connection)', async () => {
    const client = await small.login('village-worker');
    const base = await small.app.listen({ port: 0, host: '127.0.0.1' });
    const chunk = new Uint8Array(64 * 1024).fill(0x41);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 64)
          controller.enqueue(chunk); // 4 MiB, no length header: chunked
        else controller.close();
      },
    });
    const res = await fetch(`${base}/api/population/imports?fileName=big.csv`, {
      method: 'POST',
      headers: {
        cookie: `cordon_session=${client.cookie}`,
        'x-csrf-token': client.csrfToken,
        'content-type': 'text/csv',
      },
      body,
      duplex: 'half',
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({
      error: { code: 'PAYLOAD_TOO_LARGE', details: { limitBytes: 2000 } },
    });
    expect(fs.readdirSync(small.app.importJobs.deps.dir)).toEqual([]);
  });

  it('takes a file within the limit', async () => {
    const client = await small.login('village-worker');
    const job = await importFile(small, client, csv([HEADERS, personRow(1)]));
    expect(job).toMatchObject({ status: 'done', inserted: 1 });
    expect(await finished(small, client, job.id)).toMatchObject({ rowsTotal: 1, rowsDone: 1 });
  });
});
