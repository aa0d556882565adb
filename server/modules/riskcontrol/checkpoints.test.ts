/**
 * Checkpoints through the API: creating with the kind's default policy, codes unique city-wide,
 * policies checked field by field, editing at a version, lists in scope; the three-shift roster
 * (accounts in scope and of the area, or a name with a masked phone) and the staffing roll-up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  beijingEntryPolicy,
  cityBorderPolicy,
  communityGatePolicy,
} from '../../../domain/checkpoint-policy.js';
import { type Client, type TestApp, createTestApp } from '../../test/app.js';
import { PLACES } from '../../test/fixtures.js';

let t: TestApp;
let admin: Client; // county-admin, 安次区
let city: Client;

interface Checkpoint {
  id: string;
  code: string;
  kind: string;
  place: { code: string; name: string };
  policy: Record<string, unknown>;
  staffPerShift: number;
  active: boolean;
  staffing: { day: string; shift: number; filled: number; required: number };
  version: number;
}
interface Roster {
  shifts: Array<{
    day: string;
    shift: number;
    required: number;
    staff: Array<{ seq: number; userId: string | null; name: string; phoneMasked: string | null }>;
  }>;
}
type Problem = { error: { code: string; details: { fields?: Array<{ field: string }> } } };

const fieldsOf = (res: { json: <T>() => T }) => res.json<Problem>().error.details.fields?.map((f) => f.field);

async function created(as: Client, body: Record<string, unknown>): Promise<Checkpoint> {
  const res = await as.post('/api/risk/checkpoints', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Checkpoint>();
}

const userId = async (username: string) =>
  (await t.db.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow())
    .id;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('county-admin');
  city = await t.login('city-admin');
});
afterAll(async () => t.close());

describe('checkpoints', () => {
  let station: Checkpoint;

  it('are created with the default policy of their kind', async () => {
    station = await created(admin, {
      code: 'ac-bj-03',
      name: '京台高速进京检查站',
      kind: 'beijing_entry',
      place: PLACES.town,
      location: '京台高速落垡收费站',
      lat: 39.45,
      lon: 116.62,
    });
    expect(station).toMatchObject({
      code: 'AC-BJ-03',
      kind: 'beijing_entry',
      place: { code: PLACES.town },
      policy: beijingEntryPolicy(),
      staffPerShift: 2,
      active: true,
    });
    const exit = await created(admin, {
      code: 'AC-HW-01',
      name: '高速出口',
      kind: 'highway_exit',
      place: PLACES.county,
    });
    expect(exit.policy).toEqual(cityBorderPolicy());
    const gate = await created(admin, {
      code: 'AC-GATE-1',
      name: '张营村东门',
      kind: 'community_gate',
      place: PLACES.village,
    });
    expect(gate.policy).toEqual(communityGatePolicy());
    // One entrance per village: a second active gate there is refused.
    const second = await admin.post('/api/risk/checkpoints', {
      code: 'AC-GATE-2',
      name: '张营村西门',
      kind: 'community_gate',
      place: PLACES.village,
    });
    expect(second.statusCode).toBe(400);
    expect(fieldsOf(second)).toEqual(['place']);
  });

  it('keep codes unique city-wide and check every field', async () => {
    const dup = await city.post('/api/risk/checkpoints', {
      code: 'AC-BJ-03',
      name: '另一县的站',
      kind: 'city_border',
      place: PLACES.otherCounty,
    });
    expect(dup.statusCode).toBe(400);
    expect(fieldsOf(dup)).toEqual(['code']);
    const bad = async (body: Record<string, unknown>) => {
      const res = await admin.post('/api/risk/checkpoints', {
        code: 'AC-OK-1',
        name: '检查站',
        kind: 'city_border',
        place: PLACES.county,
        ...body,
      });
      expect(res.statusCode, res.body).toBe(400);
      return fieldsOf(res) ?? [];
    };
    expect(await bad({ code: 'A' })).toEqual(['code']);
    expect(await bad({ code: 'AC 01' })).toEqual(['code']);
    expect(await bad({ code: 'G131002100202' })).toEqual(['code']);
    expect(await bad({ place: '131002999999' })).toEqual(['place']);
    expect(await bad({ lat: 91, lon: 200 })).toEqual(['lat', 'lon']);
    expect(await bad({ policy: { fly: {} } })).toEqual(['policy/fly']);
    expect(
      await bad({
        policy: { leave_city: { negativeWithinHours: -1, certificates: ['passport'], colours: ['blue'] } },
      }),
    ).toEqual([
      'policy/leave_city/negativeWithinHours',
      'policy/leave_city/certificates',
      'policy/leave_city/colours',
    ]);
    expect(await bad({ policy: { leave_city: { negativeWithinHours: 48, colours: [] } } })).toEqual([
      'policy/leave_city/colours',
    ]);
    expect((await bad({ policy: 'x' })).join()).toMatch(/policy/);
    expect((await bad({ kind: 'airport' })).join()).toMatch(/kind/);
  });

  it('are edited at a known version, in scope, by those who may', async () => {
    const res = await admin.patch(`/api/risk/checkpoints/${station.id}`, {
      version: station.version,
      staffPerShift: 3,
      policy: { into_beijing: { negativeWithinHours: 48, certificates: ['employer'], colours: ['green'] } },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Checkpoint>()).toMatchObject({
      staffPerShift: 3,
      policy: { into_beijing: { negativeWithinHours: 48, certificates: ['employer'], colours: ['green'] } },
    });
    const stale = await admin.patch(`/api/risk/checkpoints/${station.id}`, {
      version: station.version,
      name: 'x',
    });
    expect(stale.statusCode).toBe(409);

    const worker = await t.login('village-worker');
    expect(
      (
        await worker.post('/api/risk/checkpoints', {
          code: 'VW-1',
          name: 'x',
          kind: 'city_border',
          place: PLACES.village,
        })
      ).statusCode,
    ).toBe(403);
    const other = await created(city, {
      code: 'GY-01',
      name: '广阳检查站',
      kind: 'city_border',
      place: PLACES.otherCounty,
    });
    const out = await admin.patch(`/api/risk/checkpoints/${other.id}`, { version: 1, name: '越权' });
    expect(out.statusCode).toBe(403);
    expect(out.json<Problem>().error.code).toBe('OUT_OF_SCOPE');
    expect((await admin.get(`/api/risk/checkpoints/${other.id}`)).statusCode).toBe(403);
  });

  it('are listed in scope by kind and place', async () => {
    const list = await admin.get(`/api/risk/checkpoints?kind=beijing_entry&at=${PLACES.town}`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json<{ items: Checkpoint[] }>().items.map((c) => c.code)).toEqual(['AC-BJ-03']);
    const all = await admin.get('/api/risk/checkpoints');
    const codes = all.json<{ items: Checkpoint[] }>().items.map((c) => c.code);
    expect(codes).toEqual(expect.arrayContaining(['AC-BJ-03', 'AC-HW-01', 'AC-GATE-1']));
    expect(codes).not.toContain('GY-01');
  });
});

describe('the roster and staffing', () => {
  let gate: Checkpoint;
  let exit: Checkpoint;
  const day = '2022-03-20';

  beforeAll(async () => {
    const items = (await admin.get('/api/risk/checkpoints')).json<{ items: Checkpoint[] }>().items;
    gate = items.find((c) => c.code === 'AC-GATE-1')!;
    exit = items.find((c) => c.code === 'AC-HW-01')!;
  });

  it('sets and reads the staff of a shift: accounts and people with a masked phone', async () => {
    const officer = await userId('checkpoint-officer');
    const res = await admin.request('POST', `/api/risk/checkpoints/${gate.id}/roster/${day}/1`, {
      staff: [{ userId: officer }, { name: '志愿者王某', phone: '13812345678' }],
    });
    expect(res.statusCode, res.body).toBe(200);
    const roster = await admin.get(`/api/risk/checkpoints/${gate.id}/roster?from=${day}&to=2022-03-21`);
    expect(roster.statusCode, roster.body).toBe(200);
    const shifts = roster.json<Roster>().shifts;
    expect(shifts.length).toBe(6);
    expect(shifts[0]).toMatchObject({
      day,
      shift: 1,
      required: 2,
      staff: [
        { seq: 1, userId: officer, name: '测试checkpoint_officer', phoneMasked: null },
        { seq: 2, userId: null, name: '志愿者王某', phoneMasked: '138****5678' },
      ],
    });
    const stored = await t.db.db
      .selectFrom('checkpoint_shifts')
      .selectAll()
      .where('checkpoint_id', '=', gate.id)
      .execute();
    expect(JSON.stringify(stored)).not.toContain('13812345678');
    // Replaced as a whole.
    await admin.request('POST', `/api/risk/checkpoints/${gate.id}/roster/${day}/2`, {
      staff: [{ name: '李某' }],
    });
    const again = await admin.request('POST', `/api/risk/checkpoints/${gate.id}/roster/${day}/2`, {
      staff: [{ name: '赵某' }],
    });
    expect(again.json<Roster>().shifts[1]!.staff.map((s) => s.name)).toEqual(['赵某']);
  });

  it('refuses an account out of scope, an unknown one and a bad phone, naming the entry', async () => {
    const put = (staff: unknown[]) =>
      admin.request('POST', `/api/risk/checkpoints/${gate.id}/roster/${day}/3`, { staff });
    const outside = await put([{ name: '甲' }, { userId: await userId('city-commander') }]);
    expect(outside.statusCode).toBe(400);
    expect(fieldsOf(outside)).toEqual(['staff/1/userId']);
    expect(fieldsOf(await put([{ userId: '00000000-0000-4000-8000-000000000000' }]))).toEqual([
      'staff/0/userId',
    ]);
    expect(fieldsOf(await put([{ name: '乙', phone: '12345' }]))).toEqual(['staff/0/phone']);
    expect(
      (await admin.request('POST', `/api/risk/checkpoints/${gate.id}/roster/2022-02-30/1`, { staff: [] }))
        .statusCode,
    ).toBe(400);
    const worker = await t.login('village-worker');
    expect(
      (await worker.request('POST', `/api/risk/checkpoints/${gate.id}/roster/${day}/3`, { staff: [] }))
        .statusCode,
    ).toBe(403);
  });

  it('counts who is staffed per checkpoint and per town', async () => {
    const list = await admin.get(`/api/risk/checkpoints?day=${day}&shift=1`);
    const items = list.json<{ items: Checkpoint[] }>().items;
    expect(items.find((c) => c.id === gate.id)!.staffing).toEqual({ day, shift: 1, filled: 2, required: 2 });
    expect(items.find((c) => c.id === exit.id)!.staffing).toMatchObject({ filled: 0, required: 2 });

    const roll = await admin.get(`/api/risk/staffing?day=${day}&shift=1`);
    expect(roll.statusCode, roll.body).toBe(200);
    const body = roll.json<{
      by: string;
      totals: { checkpoints: number; staffed: number; gates: number };
      rows: Array<{ code: string; checkpoints: number; gates: number; staffed: number }>;
    }>();
    expect(body.by).toBe('town');
    expect(body.totals).toEqual({ checkpoints: 3, staffed: 1, gates: 1 });
    expect(body.rows.find((r) => r.code === PLACES.town)).toMatchObject({
      checkpoints: 2,
      gates: 1,
      staffed: 1,
    });
    const villages = await admin.get(`/api/risk/staffing?at=${PLACES.town}&by=village&day=${day}&shift=2`);
    expect(villages.json<typeof body>().rows.find((r) => r.code === PLACES.village)).toMatchObject({
      gates: 1,
      staffed: 0,
    });
  });
});
