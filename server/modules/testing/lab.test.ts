import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, createTestApp } from '../../test/app.js';
import { PLACES } from '../../test/fixtures.js';
import { createUserUnchecked } from '../users/users.service.js';

let t: TestApp;
let admin: Client; // county admin of 安次区: plans the round
let sampler: Client; // sampler of 落垡镇
let labTech: Client; // lab technician of 安次区
let otherTech: Client; // lab technician of 广阳区, the sibling county
let roundId: string;
let lab1: string;
let lab2: string;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Summary {
  uploadId: string;
  rows: number;
  recorded: number;
  unchanged: number;
  conflicts: number;
  rejected: number;
  issues: Array<{ row: number; barcode: string | null; code: string; message: string }>;
}

async function insertLab(code: string): Promise<string> {
  const row = await t.db.db
    .insertInto('labs')
    .values({ county_code: '131002', jpath: '131002', code, name: `${code} 实验室` })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Closed (or open) tubes at a site in 张营村, as the sampling service would leave them. */
async function insertTubes(barcodes: string[], status: 'open' | 'closed' = 'closed'): Promise<void> {
  await t.db.db
    .insertInto('tubes')
    .values(
      barcodes.map((barcode) => ({
        county_code: '131002',
        jpath: PLACES.village,
        round_id: roundId,
        barcode,
        pool_group: 'controlled',
        capacity: 10,
        members: 0,
        status,
        closed_at: status === 'closed' ? new Date() : null,
      })),
    )
    .execute();
}

async function ship(code: string, labId: string, barcodes: string[]) {
  return sampler.post('/api/testing/boxes', { roundId, code, labId, barcodes });
}

const tube = (barcode: string) =>
  t.db.db.selectFrom('tubes').selectAll().where('barcode', '=', barcode).executeTakeFirstOrThrow();

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('county-admin');
  sampler = await t.login('sampler');
  labTech = await t.login('lab-technician');
  await createUserUnchecked(t.db.db, {
    username: 'gy-lab',
    displayName: '广阳检测',
    role: 'lab_technician',
    jurisdictionCode: PLACES.otherCounty,
    password: 'Other-pass-9',
  });
  otherTech = await t.login('gy-lab', 'Other-pass-9');
  const round = await admin.post('/api/testing/rounds', {
    name: '第一轮',
    areas: [{ code: PLACES.town, zone: 'controlled' }],
    startsAt: new Date(Date.now() - 3600_000).toISOString(),
    endsAt: new Date(Date.now() + 86_400_000).toISOString(),
  });
  expect(round.statusCode, round.body).toBe(201);
  roundId = round.json<{ id: string }>().id;
  lab1 = await insertLab('LAB1');
  lab2 = await insertLab('LAB2');
  await insertTubes(['T000001', 'T000002', 'T000003', 'T000004', 'T000005', 'T000006', 'T000007']);
  await insertTubes(['T000099'], 'open');
});
afterAll(async () => t.close());

describe('boxes', () => {
  it('refuses a box naming every tube that cannot go', async () => {
    const res = await ship('BOX-X', lab1, ['T000001', 'T000099', 'NOPE0001', 't000001']);
    expect(res.statusCode).toBe(409);
    const body = res.json<{ error: { code: string; details: { problems: Array<{ barcode: string }> } } }>();
    expect(body.error.code).toBe('TUBES_NOT_READY');
    expect(body.error.details.problems.map((p) => p.barcode).sort()).toEqual([
      'NOPE0001',
      'T000001',
      'T000099',
    ]);
    expect((await tube('T000001')).status).toBe('closed');
  });

  it('ships, lists and receives a box', async () => {
    const res = await ship('BOX-1', lab1, ['T000001', 'T000002', 'T000003', 'T000004']);
    expect(res.statusCode, res.body).toBe(201);
    const box = res.json<{ id: string; tubes: number; status: string }>();
    expect(box).toMatchObject({ tubes: 4, status: 'shipped' });
    expect(await tube('T000001')).toMatchObject({ status: 'shipped', lab_id: lab1, box_id: box.id });
    expect((await ship('BOX-1', lab1, ['T000006'])).json<{ error: { code: string } }>().error.code).toBe(
      'CODE_TAKEN',
    );

    const incoming = await labTech.get(`/api/testing/boxes?labId=${lab1}&status=shipped`);
    expect(incoming.json<{ items: Array<{ code: string }> }>().items.map((b) => b.code)).toEqual(['BOX-1']);
    expect((await otherTech.post(`/api/testing/boxes/${box.id}/receive`)).statusCode).toBe(403);
    const received = await labTech.post(`/api/testing/boxes/${box.id}/receive`);
    expect(received.statusCode, received.body).toBe(200);
    expect(received.json()).toMatchObject({ status: 'received' });
    expect((await tube('T000004')).status).toBe('received');
    expect((await labTech.post(`/api/testing/boxes/${box.id}/receive`)).statusCode).toBe(409);

    const audit = await t.db.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'in', ['testing.box_shipped', 'testing.box_received'])
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['testing.box_received', 'testing.box_shipped']);
  });

  it('receives loose tubes only if they were shipped to this lab', async () => {
    expect((await ship('BOX-2', lab2, ['T000005'])).statusCode).toBe(201);
    expect((await ship('BOX-3', lab1, ['T000007'])).statusCode).toBe(201);
    const refused = await labTech.post(`/api/testing/labs/${lab1}/receive`, {
      barcodes: ['T000005', 'T000006'],
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('shipped to another lab');
    expect(refused.body).toContain('not shipped');
    const ok = await labTech.post(`/api/testing/labs/${lab1}/receive`, { barcodes: ['T000001'] });
    expect(ok.json()).toEqual({ received: 0, alreadyReceived: 1 });
  });
});

describe('results', () => {
  it('records good rows and reports bad ones, each on its own', async () => {
    const res = await labTech.post(`/api/testing/labs/${lab1}/results`, {
      rows: [
        { barcode: 'T000001', result: 'negative' },
        { barcode: ' t000002 ', result: '阴性', orf1abCt: '-', nCt: null, testedAt: '2026-01-05 10:30' },
        { barcode: 'T000003', result: 'maybe' },
        { barcode: 'T000004', result: 'positive', orf1abCt: '99' },
        { barcode: 'NOPE0001', result: 'negative' },
        { barcode: 'T000005', result: 'negative' },
        { barcode: 'T000006', result: 'negative' },
        { barcode: 'T000001', result: 'negative' },
        { barcode: 'T000007', result: 'negative' },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const s = res.json<Summary>();
    expect(s).toMatchObject({ rows: 9, recorded: 3, unchanged: 0, conflicts: 0, rejected: 6 });
    expect(s.issues.map((i) => [i.row, i.code])).toEqual([
      [3, 'bad_result'],
      [4, 'bad_ct'],
      [5, 'unknown_tube'],
      [6, 'other_lab'],
      [7, 'not_received'],
      [8, 'duplicate_in_file'],
    ]);
    expect(await tube('T000002')).toMatchObject({ status: 'resulted', result: 'negative', orf1ab_ct: null });
    expect((await tube('T000002')).resulted_at?.toISOString()).toBe('2026-01-05T02:30:00.000Z');
    // Shipped here but never scanned in: the result implies it arrived.
    expect(await tube('T000007')).toMatchObject({ status: 'resulted', result: 'negative' });
    expect((await tube('T000007')).received_at).not.toBeNull();
    expect((await tube('T000003')).status).toBe('received');
    const upload = await t.db.db
      .selectFrom('lab_uploads')
      .selectAll()
      .where('id', '=', s.uploadId)
      .executeTakeFirstOrThrow();
    expect(upload).toMatchObject({ rows: 9, recorded: 3, rejected: 6, lab_id: lab1 });
    const stored = await t.db.db
      .selectFrom('lab_upload_issues')
      .select('code')
      .where('upload_id', '=', s.uploadId)
      .execute();
    expect(stored).toHaveLength(6);
  });

  it('is idempotent on a re-sent result and flags a different one without overwriting', async () => {
    const before = await tube('T000001');
    const again = await labTech.post(`/api/testing/labs/${lab1}/results`, {
      rows: [
        { barcode: 'T000001', result: '阴性' },
        { barcode: 'T000002', result: 'positive', orf1abCt: 28.1, nCt: '30.55' },
      ],
    });
    const s = again.json<Summary>();
    expect(s).toMatchObject({ recorded: 0, unchanged: 1, conflicts: 1, rejected: 0 });
    expect(s.issues.map((i) => i.code)).toEqual(['unchanged', 'conflict']);
    const after = await tube('T000001');
    expect(after.resulted_at).toEqual(before.resulted_at);
    expect(after.result_upload_id).toBe(before.result_upload_id);
    expect(await tube('T000002')).toMatchObject({ result: 'negative', result_conflict: true });
    // A negative pool raises nothing.
    expect(await t.db.db.selectFrom('sampling_tasks').selectAll().execute()).toHaveLength(0);
  });

  it('reads a GBK CSV with Chinese headers', async () => {
    const csv =
      '试管条码,检测结果,ORF1ab Ct值,N Ct值,检测时间\r\nT000003,阴性,,,2026-01-05 11:00\r\nT000004,阴性,未检出,,\r\n';
    const res = await labTech.request(
      'POST',
      `/api/testing/labs/${lab1}/results/upload?fileName=${encodeURIComponent('结果.csv')}`,
      iconv.encode(csv, 'gbk'),
      { 'content-type': 'text/csv' },
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<Summary>()).toMatchObject({ rows: 2, recorded: 2, rejected: 0 });
    expect((await tube('T000004')).result).toBe('negative');
  });

  it('reads an .xlsx with English headers and numeric Ct values, and gives its issues as .xlsx', async () => {
    await insertTubes(['X000001', 'X000002']);
    expect((await ship('BOX-4', lab1, ['X000001', 'X000002'])).statusCode).toBe(201);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Results');
    ws.addRow(['Barcode', 'Result', 'ORF1ab Ct', 'N Ct']);
    ws.addRow(['X000001', 'Negative', null, null]);
    ws.addRow(['X000002', 'invalid', 38.25, null]);
    ws.addRow(['X000009', 'Negative', null, null]);
    const res = await labTech.request(
      'POST',
      `/api/testing/labs/${lab1}/results/upload?fileName=run.xlsx`,
      Buffer.from(await wb.xlsx.writeBuffer()),
      { 'content-type': XLSX },
    );
    expect(res.statusCode, res.body).toBe(201);
    const s = res.json<Summary>();
    expect(s).toMatchObject({ rows: 3, recorded: 2, rejected: 1 });
    expect(s.issues).toEqual([expect.objectContaining({ row: 4, barcode: 'X000009', code: 'unknown_tube' })]);
    expect(await tube('X000002')).toMatchObject({ result: 'invalid', orf1ab_ct: '38.25' });

    const report = await labTech.get(`/api/testing/labs/${lab1}/uploads/${s.uploadId}/issues.xlsx`);
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toBe(XLSX);
    const read = new ExcelJS.Workbook();
    await read.xlsx.load(report.rawPayload as unknown as ArrayBuffer);
    const rows = read.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows[1]).toEqual([undefined, 4, 'X000009', 'unknown_tube', expect.any(String)]);
  });

  it('refuses a file without the needed columns, and another county’s technician', async () => {
    const res = await labTech.request('POST', `/api/testing/labs/${lab1}/results/upload`, 'a,b\n1,2\n', {
      'content-type': 'text/csv',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('LAB_FILE_WRONG_SHAPE');
    const other = await otherTech.post(`/api/testing/labs/${lab1}/results`, {
      rows: [{ barcode: 'T000003', result: 'positive', orf1abCt: 20 }],
    });
    expect(other.statusCode).toBe(403);
    expect(
      (
        await sampler.post(`/api/testing/labs/${lab1}/results`, {
          rows: [{ barcode: 'T000003', result: '阴性' }],
        })
      ).statusCode,
    ).toBe(403);
  });
});
