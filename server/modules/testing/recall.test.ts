import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../domain/idcard.js';
import { type Client, type TestApp, createTestApp } from '../../test/app.js';
import { PLACES } from '../../test/fixtures.js';
import { createUserUnchecked } from '../users/users.service.js';

let t: TestApp;
let admin: Client; // county admin: plans the round
let village: Client; // village worker of 张营村
let grid: Client; // grid worker of 张营村第一网格
let other: Client; // village worker of 倪官屯村, the sibling village
let sampler: Client; // sampler of 落垡镇
let labTech: Client; // lab technician of 安次区
let roundId: string;
let labId: string;
const people: Record<string, string> = {};

interface Task {
  id: string;
  status: string;
  reason: string;
  holdAtHome: boolean;
  person: { id: string; name: string; phoneMasked: string | null };
  address: string;
}
interface RecallBody {
  tube: { barcode: string; result: string };
  items: Array<{
    personId: string;
    name: string;
    idMasked: string;
    phoneMasked: string;
    address: string;
    grid: { name: string } | null;
    task: { id: string; status: string; holdAtHome: boolean } | null;
  }>;
}

async function addPerson(as: Client, key: string, seq: number, place: string, room: string | null) {
  const res = await as.post('/api/population/people', {
    idNumber: makeIdNumber('131002', '1980-01-01', seq),
    name: `${key}测`,
    phone: `1380000${String(seq).padStart(4, '0')}`,
    residenceType: 'registered',
    place,
    ...(room ? { unit: '2', room } : {}),
  });
  expect(res.statusCode, res.body).toBe(201);
  people[key] = res.json<{ person: { id: string } }>().person.id;
}

/** A closed pool at a site in 张营村 holding the given people, as the sampling service leaves it. */
async function pool(barcode: string, members: string[]): Promise<string> {
  const db = t.db.db;
  const tube = await db
    .insertInto('tubes')
    .values({
      county_code: '131002',
      jpath: PLACES.village,
      round_id: roundId,
      barcode,
      pool_group: 'controlled',
      capacity: 10,
      members: members.length,
      status: 'closed',
      closed_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const key of members) {
    const p = await db
      .selectFrom('people')
      .select(['county_code', 'jpath', 'household_id'])
      .where('id', '=', people[key]!)
      .executeTakeFirstOrThrow();
    await db
      .insertInto('samples')
      .values({ ...p, round_id: roundId, person_id: people[key]!, tube_id: tube.id, tube_county: '131002' })
      .execute();
  }
  return tube.id;
}

async function shipAndReceive(code: string, barcodes: string[]): Promise<void> {
  const box = await sampler.post('/api/testing/boxes', { roundId, code, labId, barcodes });
  expect(box.statusCode, box.body).toBe(201);
  const received = await labTech.post(`/api/testing/boxes/${box.json<{ id: string }>().id}/receive`);
  expect(received.statusCode, received.body).toBe(200);
}

async function results(rows: Array<Record<string, unknown>>) {
  const res = await labTech.post(`/api/testing/labs/${labId}/results`, { rows });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ recorded: number }>();
}

const events = (topic: string) =>
  t.db.db
    .selectFrom('outbox')
    .select(['payload', 'jpath'])
    .where('topic', '=', topic)
    .orderBy('id')
    .execute();

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('county-admin');
  village = await t.login('village-worker');
  grid = await t.login('grid-worker');
  sampler = await t.login('sampler');
  labTech = await t.login('lab-technician');
  await createUserUnchecked(t.db.db, {
    username: 'ni-worker',
    displayName: '倪官屯',
    role: 'village_worker',
    jurisdictionCode: PLACES.otherVillage,
    password: 'Other-pass-9',
  });
  other = await t.login('ni-worker', 'Other-pass-9');
  const round = await admin.post('/api/testing/rounds', {
    name: '第一轮',
    areas: [{ code: PLACES.town, zone: 'controlled' }],
    startsAt: new Date(Date.now() - 3600_000).toISOString(),
    endsAt: new Date(Date.now() + 86_400_000).toISOString(),
  });
  expect(round.statusCode, round.body).toBe(201);
  roundId = round.json<{ id: string }>().id;
  labId = (
    await t.db.db
      .insertInto('labs')
      .values({ county_code: '131002', jpath: '131002', code: 'LAB1', name: '区检测中心' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await addPerson(village, 'A', 11, PLACES.building, '301');
  await addPerson(village, 'B', 21, PLACES.building, '302');
  await addPerson(village, 'C', 31, PLACES.village, null);
  await addPerson(other, 'D', 41, PLACES.otherVillage, null);
});
afterAll(async () => t.close());

describe('a positive pool', () => {
  let tubeId: string;
  const tasksOf = async (as: Client) =>
    (await as.get(`/api/testing/tasks?roundId=${roundId}`)).json<{ items: Task[]; total: number }>();

  it('holds every member with a recheck task, raises an alert and an event', async () => {
    tubeId = await pool('P000001', ['A', 'B', 'C']);
    await shipAndReceive('BOX-1', ['P000001']);
    const started = performance.now();
    expect(await results([{ barcode: 'P000001', result: '阳性', orf1abCt: '28.5', nCt: 30 }])).toMatchObject({
      recorded: 1,
    });
    expect(performance.now() - started).toBeLessThan(2000);

    const tasks = await t.db.db.selectFrom('sampling_tasks').selectAll().execute();
    expect(tasks).toHaveLength(3);
    for (const task of tasks) {
      expect(task).toMatchObject({
        kind: 'recheck',
        reason: 'positive_pool',
        hold_at_home: true,
        status: 'pending',
        source_tube_id: tubeId,
        village_code: PLACES.village,
      });
    }
    const a = tasks.find((x) => x.person_id === people.A)!;
    expect(a.grid_code).toBe(PLACES.grid);
    const alerts = await t.db.db.selectFrom('testing_alerts').selectAll().execute();
    expect(alerts).toEqual([
      expect.objectContaining({ kind: 'positive_pool', members: 3, jpath: PLACES.village }),
    ]);
    expect(await events('testing.pool_positive')).toEqual([
      { payload: { roundId, tubeId, barcode: 'P000001', members: 3 }, jpath: PLACES.village },
    ]);
  });

  it('lists the members with masked identifiers and their household address', async () => {
    const res = await village.get(`/api/testing/tubes/${tubeId}/recall`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<RecallBody>();
    expect(body.tube).toMatchObject({ barcode: 'P000001', result: 'positive' });
    expect(body.items).toHaveLength(3);
    const a = body.items.find((i) => i.personId === people.A)!;
    expect(a).toMatchObject({
      name: 'A测',
      phoneMasked: '138****0011',
      address: '张营村 1号楼 2单元 301室',
      grid: { name: '张营村第一网格' },
      task: { status: 'pending', holdAtHome: true },
    });
    expect(a.idMasked).toMatch(/^131002\*+/);
    expect(res.body).not.toContain('13800000011');
    const audit = await t.db.db
      .selectFrom('audit_log')
      .select('resource_id')
      .where('action', '=', 'testing.recall_viewed')
      .where('resource_type', '=', 'tube')
      .execute();
    expect(audit).toEqual([{ resource_id: tubeId }]);
  });

  it('is hidden from another village, and the grid team sees its grid', async () => {
    expect((await other.get(`/api/testing/tubes/${tubeId}/recall`)).statusCode).toBe(403);
    expect(await tasksOf(other)).toEqual({ items: [], total: 0 });
    expect((await tasksOf(village)).total).toBe(3);
    // A and B live in the grid's building; C is registered at the village itself.
    const mine = await tasksOf(grid);
    expect(mine.items.map((i) => i.person.name).sort()).toEqual(['A测', 'B测']);
    expect(mine.items[0]).toMatchObject({ reason: 'positive_pool', holdAtHome: true, status: 'pending' });
    expect(mine.items[0]!.person.phoneMasked).toMatch(/^138\*{4}/);
    const taskId = mine.items[0]!.id;
    expect((await other.post(`/api/testing/tasks/${taskId}/sample`, { barcode: 'R000009' })).statusCode).toBe(
      403,
    );
  });

  it('closes each recheck by its single tube: positive → finding, negative → released, invalid → again', async () => {
    const { items } = await tasksOf(village);
    const taskOf = (key: string) => items.find((i) => i.person.id === people[key])!;
    for (const [key, barcode] of [
      ['A', 'R000001'],
      ['B', 'R000002'],
      ['C', 'R000003'],
    ] as const) {
      const res = await sampler.post(`/api/testing/tasks/${taskOf(key).id}/sample`, { barcode });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<Task & { tube: { barcode: string } }>()).toMatchObject({
        status: 'sampled',
        tube: { barcode },
      });
    }
    const again = await sampler.post(`/api/testing/tasks/${taskOf('A').id}/sample`, { barcode: 'R000004' });
    expect(again.json<{ error: { code: string } }>().error.code).toBe('TASK_WRONG_STATE');
    expect(
      await t.db.db
        .selectFrom('tubes')
        .selectAll()
        .where('barcode', '=', 'R000001')
        .executeTakeFirstOrThrow(),
    ).toMatchObject({ purpose: 'recheck', capacity: 1, members: 1, status: 'closed', jpath: PLACES.village });

    await shipAndReceive('BOX-2', ['R000001', 'R000002', 'R000003']);
    await results([
      { barcode: 'R000001', result: 'positive', orf1abCt: 25, nCt: 26.5 },
      { barcode: 'R000002', result: 'negative' },
      { barcode: 'R000003', result: 'invalid' },
    ]);

    const findings = await t.db.db.selectFrom('positive_findings').selectAll().execute();
    expect(findings).toEqual([
      expect.objectContaining({ person_id: people.A, orf1ab_ct: '25.00', status: 'new' }),
    ]);
    const [event] = await events('testing.person_positive');
    expect(event!.payload).toEqual({
      findingId: findings[0]!.id,
      personId: people.A,
      roundId,
      tubeId: findings[0]!.tube_id,
    });
    const byPerson = async (key: string) =>
      t.db.db
        .selectFrom('sampling_tasks')
        .select(['status', 'hold_at_home'])
        .where('person_id', '=', people[key]!)
        .orderBy('created_at')
        .execute();
    expect(await byPerson('A')).toEqual([{ status: 'positive', hold_at_home: true }]);
    expect(await byPerson('B')).toEqual([{ status: 'negative', hold_at_home: false }]);
    expect(await byPerson('C')).toEqual([
      { status: 'invalid', hold_at_home: false },
      { status: 'pending', hold_at_home: true },
    ]);

    const alerts = await village.get(`/api/testing/alerts?roundId=${roundId}`);
    const list = alerts.json<{ items: Array<{ id: string; kind: string; acknowledgedAt: string | null }> }>()
      .items;
    expect(list.map((a) => a.kind)).toEqual(['positive_person', 'positive_pool']);
    expect((await other.get(`/api/testing/alerts?roundId=${roundId}`)).json()).toEqual({ items: [] });
    expect((await other.post(`/api/testing/alerts/${list[0]!.id}/ack`)).statusCode).toBe(403);
    const ack = await village.post(`/api/testing/alerts/${list[0]!.id}/ack`);
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json<{ acknowledgedAt: string | null }>().acknowledgedAt).not.toBeNull();

    const recall = (await village.get(`/api/testing/tubes/${tubeId}/recall`)).json<RecallBody>();
    expect(Object.fromEntries(recall.items.map((i) => [i.name, i.task?.status]))).toEqual({
      A测: 'positive',
      B测: 'negative',
      C测: 'pending',
    });
  });
});

describe('an invalid pool', () => {
  it('rechecks its members without a finding', async () => {
    const tubeId = await pool('P000002', ['D']);
    await shipAndReceive('BOX-3', ['P000002']);
    await results([{ barcode: 'P000002', result: '无效' }]);
    expect(
      await t.db.db
        .selectFrom('sampling_tasks')
        .select(['reason', 'jpath'])
        .where('person_id', '=', people.D!)
        .execute(),
    ).toEqual([{ reason: 'invalid_pool', jpath: PLACES.otherVillage }]);
    expect((await events('testing.pool_invalid')).map((e) => e.payload)).toEqual([
      { roundId, tubeId, barcode: 'P000002', members: 1 },
    ]);
    // D lives in 倪官屯村: its worker sees D's task and the part of the recall that is theirs.
    expect((await other.get(`/api/testing/tasks?roundId=${roundId}`)).json<{ total: number }>().total).toBe(
      1,
    );
    const recall = await other.get(`/api/testing/tubes/${tubeId}/recall`);
    expect(recall.statusCode).toBe(200);
    expect(recall.json<RecallBody>().items.map((i) => i.name)).toEqual(['D测']);
  });
});
