import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ageOn, makeIdNumber } from '../../../domain/idcard.js';
import { type Client, type TestApp, createTestApp } from '../../test/app.js';
import { PLACES } from '../../test/fixtures.js';
import { createUserUnchecked } from '../users/users.service.js';

let t: TestApp;
let village: Client; // village worker of 张营村: manage + reveal
let county: Client; // county admin of 安次区: manage + export, no reveal
let other: Client; // a village worker of 倪官屯村, the sibling village

const ZHANG = makeIdNumber('131002', '1956-03-08', 31); // odd sequence: a man
const LI = makeIdNumber('131002', '1988-11-02', 42);
const WANG = makeIdNumber('131002', '1990-07-07', 51);

interface Detail {
  person: {
    id: string;
    idMasked: string;
    phoneMasked: string | null;
    householdId: string | null;
    version: number;
  };
  household: Array<{ id: string; name: string }>;
  specialEntries: Array<{ kind: string; details: Record<string, unknown> }>;
  changes: Array<{ field: string; oldValue: string | null; newValue: string | null; actor: string | null }>;
}

let zhangId: string;
let wangId: string;

beforeAll(async () => {
  t = await createTestApp();
  village = await t.login('village-worker');
  county = await t.login('county-admin');
  await createUserUnchecked(t.db.db, {
    username: 'ni-worker',
    displayName: '倪官屯',
    role: 'village_worker',
    jurisdictionCode: PLACES.otherVillage,
    password: 'Other-pass-9',
  });
  other = await t.login('ni-worker', 'Other-pass-9');

  const zhang = await village.post('/api/population/people', {
    idNumber: ZHANG.toLowerCase().replace(/(\d{6})/, '$1 '),
    name: '张测一',
    phone: '138 1234 5678',
    residenceType: 'registered',
    place: PLACES.building,
    unit: '2',
    room: '301',
    relation: 'head',
    specials: [
      {
        kind: 'dialysis',
        details: { schedule: '周一三五', hospital: '廊坊市人民医院' },
        since: null,
        notes: null,
      },
    ],
  });
  expect(zhang.statusCode, zhang.body).toBe(201);
  zhangId = zhang.json<Detail>().person.id;
  const li = await village.post('/api/population/people', {
    idNumber: LI,
    name: '李测二',
    phone: '13900001111',
    residenceType: 'floating',
    place: PLACES.building,
    unit: '2',
    room: '301',
    relation: 'spouse',
  });
  expect(li.statusCode, li.body).toBe(201);
  const wang = await other.post('/api/population/people', {
    idNumber: WANG,
    name: '王测三',
    phone: '13700002222',
    residenceType: 'resident',
    place: PLACES.otherVillage,
  });
  expect(wang.statusCode, wang.body).toBe(201);
  wangId = wang.json<Detail>().person.id;
});
afterAll(async () => t.close());

describe('people: masked by default', () => {
  it('stores no identifier in clear', async () => {
    const rows = await t.db.db.selectFrom('people').selectAll().execute();
    const dump = JSON.stringify(rows, (_k, v: unknown) =>
      v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v,
    );
    for (const secret of [ZHANG, LI, WANG, '13812345678', '13900001111']) expect(dump).not.toContain(secret);
  });

  it('finds people by name prefix, exact ID number and exact phone — masked', async () => {
    const byName = await village.get('/api/population/people?q=张测');
    expect(byName.json()).toMatchObject({
      total: 1,
      items: [
        {
          name: '张测一',
          idMasked: `131002********${ZHANG.slice(-4)}`,
          phoneMasked: '138****5678',
          age: ageOn('1956-03-08', new Date().toISOString().slice(0, 10)),
        },
      ],
    });
    const byId = await village.get(`/api/population/people?q=${ZHANG}`);
    expect(byId.json<{ items: Array<{ name: string }> }>().items.map((p) => p.name)).toEqual(['张测一']);
    const byPhone = await village.get('/api/population/people?phone=13900001111');
    expect(byPhone.json<{ items: Array<{ name: string }> }>().items.map((p) => p.name)).toEqual(['李测二']);
    expect(byPhone.body).not.toContain('13900001111');
  });

  it('finds by address and groups a household', async () => {
    const res = await village.get('/api/population/people?q=301');
    const items = res.json<{ items: Array<{ name: string; householdId: string; specials: string[] }> }>()
      .items;
    expect(items.map((p) => p.name).sort()).toEqual(['张测一', '李测二']);
    expect(new Set(items.map((p) => p.householdId)).size).toBe(1);
    expect(items.find((p) => p.name === '张测一')!.specials).toEqual(['dialysis']);
  });

  it('says which field is wrong', async () => {
    const res = await village.get('/api/population/people?idNumber=131002195603080312');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: { code: 'VALIDATION_FAILED', details: { fields: [{ field: 'idNumber' }] } },
    });
    const bad = await village.post('/api/population/people', {
      idNumber: '131002195602300312',
      name: '错',
      phone: '12345',
      residenceType: 'resident',
      place: PLACES.village,
    });
    expect(bad.statusCode).toBe(400);
    const fields = bad
      .json<{ error: { details: { fields: Array<{ field: string }> } } }>()
      .error.details.fields.map((f) => f.field);
    expect(fields).toEqual(['idNumber', 'phone']);
  });

  it('refuses a second registration of the same ID number, written differently', async () => {
    const again = await village.post('/api/population/people', {
      idNumber: ` ${ZHANG} `,
      name: '张测一',
      residenceType: 'registered',
      place: PLACES.village,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'PERSON_EXISTS', details: { personId: zhangId } } });
  });
});

describe('reveal', () => {
  it('shows the full values for a reason, and audits the reason', async () => {
    const res = await village.post(`/api/population/people/${zhangId}/reveal`, {
      reason: '电话通知复核采样',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ idNumber: ZHANG, phone: '13812345678', phone2: null, emergencyPhone: null });
    const audit = await t.db.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'population.person_revealed')
      .where('resource_id', '=', zhangId)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor_username: 'village-worker',
      detail: { reason: '电话通知复核采样' },
    });
  });

  it('needs a reason', async () => {
    const res = await village.post(`/api/population/people/${zhangId}/reveal`, {});
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('reason');
  });

  it('is not for roles that do not need it (an administrator)', async () => {
    const res = await county.post(`/api/population/people/${zhangId}/reveal`, { reason: '想看' });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });
});

describe('scope: a village worker and the village next door', () => {
  it('cannot search, view, reveal, edit or export the other village', async () => {
    expect((await other.get('/api/population/people?q=张测')).json()).toMatchObject({ total: 0, items: [] });
    expect((await other.get(`/api/population/people?q=${ZHANG}`)).json()).toMatchObject({ total: 0 });
    expect((await other.get(`/api/population/people?jurisdiction=${PLACES.village}`)).statusCode).toBe(403);
    expect((await other.get(`/api/population/people/${zhangId}`)).json()).toMatchObject({
      error: { code: 'OUT_OF_SCOPE' },
    });
    expect(
      (await other.post(`/api/population/people/${zhangId}/reveal`, { reason: '试试' })).statusCode,
    ).toBe(403);
    expect((await other.patch(`/api/population/people/${zhangId}`, { name: '改' })).statusCode).toBe(403);
    const detail = await village.get(`/api/population/people/${zhangId}`);
    expect(
      (await other.get(`/api/population/households/${detail.json<Detail>().person.householdId}`)).statusCode,
    ).toBe(403);
    expect((await village.get(`/api/population/people/${wangId}`)).statusCode).toBe(403);
  });

  it('audits every personal-data read, denied ones too', async () => {
    const log = await t.db.db
      .selectFrom('audit_log')
      .select(['action', 'outcome', 'actor_username', 'resource_id', 'detail'])
      .execute();
    expect(log).toContainEqual(
      expect.objectContaining({
        action: 'population.person_viewed',
        outcome: 'ok',
        actor_username: 'village-worker',
        resource_id: zhangId,
      }),
    );
    const denied = log.filter((a) => a.outcome === 'denied' && a.actor_username === 'ni-worker');
    expect(denied.map((a) => (a.detail as { url: string }).url)).toEqual(
      expect.arrayContaining([
        `/api/population/people/${zhangId}`,
        `/api/population/people/${zhangId}/reveal`,
      ]),
    );
  });
});

describe('editing keeps a field-level history', () => {
  it('records what changed, identifiers masked, and nothing when nothing changed', async () => {
    const res = await village.patch(`/api/population/people/${zhangId}`, {
      phone: '13812340000',
      workUnit: '落垡供销社',
    });
    expect(res.statusCode, res.body).toBe(200);
    const detail = res.json<Detail>();
    expect(detail.person.version).toBe(2);
    expect(detail.changes.map((c) => [c.field, c.oldValue, c.newValue, c.actor])).toEqual(
      expect.arrayContaining([
        ['phone', '138****5678', '138****0000', 'village-worker'],
        ['work_unit', null, '落垡供销社', 'village-worker'],
      ]),
    );
    const same = await village.patch(`/api/population/people/${zhangId}`, {
      phone: '13812340000',
      workUnit: '落垡供销社',
    });
    expect(same.json<Detail>().person.version).toBe(2);
    expect(same.json<Detail>().changes).toHaveLength(2);
    const history = JSON.stringify(await t.db.db.selectFrom('person_changes').selectAll().execute());
    expect(history).not.toContain('13812340000');
  });

  it('refuses to change the ID number', async () => {
    const res = await village.patch(`/api/population/people/${zhangId}`, { idNumber: LI });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { details: { fields: [{ field: 'idNumber' }] } } });
  });
});

describe('units, registers and staff', () => {
  it('counts a village', async () => {
    const res = await county.get(`/api/population/summary?code=${PLACES.village}`);
    expect(res.json()).toMatchObject({
      people: 2,
      households: 1,
      byResidence: { registered: 1, floating: 1 },
      bySex: { M: 1, F: 1 },
      specials: { dialysis: 1 },
    });
  });

  it('lists the dialysis register with its details and counts it per village of the town', async () => {
    const reg = await county.get(`/api/population/specials?jurisdiction=${PLACES.town}&kind=dialysis`);
    expect(reg.json()).toMatchObject({
      total: 1,
      items: [{ person: { name: '张测一' }, entry: { kind: 'dialysis', details: { schedule: '周一三五' } } }],
    });
    const counts = await county.get(`/api/population/specials/counts?jurisdiction=${PLACES.town}`);
    expect(counts.json()).toMatchObject({
      rows: [{ unit: { code: PLACES.village }, counts: { dialysis: 1 }, total: 1 }],
      totals: { dialysis: 1 },
    });
  });

  it('adds a building head to a building, lists and removes it', async () => {
    const wrong = await village.post('/api/population/staff', {
      unitCode: PLACES.grid,
      role: 'building_head',
      name: '赵楼长',
    });
    expect(wrong.statusCode).toBe(400);
    const added = await village.post('/api/population/staff', {
      unitCode: PLACES.building,
      role: 'building_head',
      name: '赵楼长',
      phone: '13600003333',
    });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ phoneMasked: '136****3333' });
    const list = await village.get(`/api/population/staff?jurisdiction=${PLACES.grid}`);
    expect(list.json<{ items: Array<{ name: string }> }>().items.map((s) => s.name)).toEqual(['赵楼长']);
    expect((await other.get(`/api/population/staff?jurisdiction=${PLACES.grid}`)).statusCode).toBe(403);
    expect(
      (await village.delete(`/api/population/staff/${added.json<{ id: string }>().id}`)).statusCode,
    ).toBe(200);
  });
});

describe('households and moves', () => {
  it('takes "2单元 301室" and "2 / 301" for the same household', async () => {
    const res = await village.post('/api/population/people', {
      idNumber: makeIdNumber('131002', '2015-04-04', 62),
      name: '张测四',
      residenceType: 'registered',
      place: PLACES.building,
      unit: '2单元',
      room: '301室',
      relation: 'child',
    });
    expect(res.statusCode, res.body).toBe(201);
    const zhang = await village.get(`/api/population/people/${zhangId}`);
    expect(res.json<Detail>().person.householdId).toBe(zhang.json<Detail>().person.householdId);
  });

  it('moves special-population entries with their person', async () => {
    const moved = await village.patch(`/api/population/people/${zhangId}`, {
      place: PLACES.grid,
      unit: null,
      room: '8',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const row = await t.db.db
      .selectFrom('special_populations')
      .select('jpath')
      .where('person_id', '=', zhangId)
      .executeTakeFirstOrThrow();
    expect(row.jpath).toBe('131002100202/G001/');
    const building = await village.get(`/api/population/specials?jurisdiction=${PLACES.building}`);
    expect(building.json()).toMatchObject({ total: 0 });
  });
});

describe('export', () => {
  it('writes the scoped, masked list as a real .xlsx', async () => {
    const res = await county.get(`/api/population/export.xlsx?jurisdiction=${PLACES.town}`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const rows = sheet.getSheetValues().filter(Boolean) as unknown[][];
    const text = JSON.stringify(rows);
    expect(rows).toHaveLength(5); // header + 张, 李, 张测四 (张营村) + 王 (倪官屯村, also in 落垡镇)
    expect(text).toContain('张测一');
    expect(text).toContain(`131002********${ZHANG.slice(-4)}`);
    for (const secret of [ZHANG, LI, '13812340000']) expect(text).not.toContain(secret);
    const audit = await t.db.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'population.exported')
      .execute();
    await expect
      .poll(
        async () =>
          (
            await t.db.db
              .selectFrom('audit_log')
              .select('id')
              .where('action', '=', 'population.exported')
              .execute()
          ).length,
      )
      .toBe(1);
    expect(audit.length).toBeLessThanOrEqual(1);
  });

  it('only in scope, and only for roles that may', async () => {
    expect((await other.get(`/api/population/export.xlsx?jurisdiction=${PLACES.village}`)).statusCode).toBe(
      403,
    );
    const sampler = await t.login('sampler');
    expect((await sampler.get('/api/population/export.xlsx')).statusCode).toBe(403);
  });
});
