import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poolAdvice, turnaroundShares } from '../../../domain/testing.js';
import { type Client, type TestApp, createTestApp } from '../../test/app.js';
import { PLACES } from '../../test/fixtures.js';
import { type Seeded, V1, V2, seedRound } from './coverage.fixture.js';
import { chinaToday } from './reports.service.js';

let t: TestApp;
let county: Client;
let village: Client;
let s: Seeded;

beforeAll(async () => {
  t = await createTestApp();
  county = await t.login('county-admin');
  village = await t.login('village-worker');
  s = await seedRound(t, county);
});
afterAll(async () => t.close());

const none = { hospital: 0, isolation: 0, away: 0, other: 0 };

describe('daily close', () => {
  it('gives each village its day, its tubes, its positives and who is missing why', async () => {
    const date = chinaToday(s.sampledAt);
    const res = await county.get(
      `/api/testing/rounds/${s.roundId}/daily?jurisdiction=131002100&date=${date}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ date: string; rows: Array<{ village: { code: string } }> }>();
    expect(body.date).toBe(date);
    expect(body.rows).toEqual([
      {
        village: { code: V1, name: '张营村' },
        sampledToday: 3, // A, B, D — E was sampled two days before
        sampledTotal: 4,
        tubes: { total: 4, resulted: 2, pending: 2 },
        positiveTubes: 1,
        positivePersons: 1,
        expected: 7,
        missing: { exempt: { ...none, hospital: 1 }, notSampled: 3 },
      },
      {
        village: { code: V2, name: '倪官屯村' },
        sampledToday: 1,
        sampledTotal: 1,
        tubes: { total: 1, resulted: 0, pending: 1 },
        positiveTubes: 0,
        positivePersons: 0,
        expected: 2,
        missing: { exempt: none, notSampled: 1 },
      },
    ]);
  });

  it('limits a village worker to their village, and downloads as Excel', async () => {
    const mine = await village.get(`/api/testing/rounds/${s.roundId}/daily`);
    expect(
      mine.json<{ rows: Array<{ village: { code: string } }> }>().rows.map((r) => r.village.code),
    ).toEqual([V1]);
    const other = await village.get(`/api/testing/rounds/${s.roundId}/daily?jurisdiction=${V2}`);
    expect(other.statusCode).toBe(403);

    const xlsx = await county.get(
      `/api/testing/rounds/${s.roundId}/daily.xlsx?jurisdiction=131002100&date=${chinaToday(s.sampledAt)}`,
    );
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('日清日结')!;
    expect(sheet.getRow(2).getCell(1).value).toBe(V1);
    expect(sheet.getRow(2).getCell(3).value).toBe(7); // expected
    expect(sheet.getRow(2).getCell(4).value).toBe(3); // sampled that day
    expect(sheet.rowCount).toBe(3);
  });
});

describe('turnaround', () => {
  it('counts stages, shares within the round’s hours (pending tubes included), series and lab backlog', async () => {
    const res = await county.get(`/api/testing/rounds/${s.roundId}/turnaround?jurisdiction=131002100`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{
      stages: Record<string, number>;
      shares: Array<{ withinHours: number; share: number; count: number }>;
      measured: number;
      hourly: Array<{ hour: string; closed: number; resulted: number }>;
      labs: Array<Record<string, unknown>>;
    }>();
    expect(body.stages).toEqual({ open: 1, closed: 0, shipped: 1, received: 1, resulted: 2 });
    expect(body.measured).toBe(4); // the open tube has not started its clock
    // T1 4 h, T3 20 h, T4 and T2 not yet resulted.
    expect(body.shares).toEqual(turnaroundShares([4, 20, null, null], [6, 12, 24]));
    expect(body.shares.map((x) => x.share)).toEqual([0.25, 0.25, 0.5]);
    expect(body.hourly.reduce((a, h) => a + h.closed, 0)).toBe(4);
    expect(body.hourly.reduce((a, h) => a + h.resulted, 0)).toBe(2);
    expect(body.labs).toEqual([
      {
        id: s.labId,
        code: 'LAB01',
        name: '安次区检测实验室',
        capacityPerDay: 5000,
        shippedNotReceived: 1,
        receivedNotResulted: 1,
      },
    ]);
  });

  it('narrows to a village', async () => {
    const res = await village.get(`/api/testing/rounds/${s.roundId}/turnaround`);
    expect(res.json<{ stages: Record<string, number> }>().stages).toEqual({
      open: 1,
      closed: 0,
      shipped: 0,
      received: 1,
      resulted: 2,
    });
  });
});

describe('pool advice', () => {
  it('uses the area’s recent positivity and the ledger’s count, as the domain computes it', async () => {
    const res = await county.get('/api/testing/pool-advice?jurisdiction=131002100');
    expect(res.statusCode, res.body).toBe(200);
    const expected = poolAdvice({ people: 10, positives: 1, tested: 5 });
    expect(res.json()).toMatchObject({
      unit: { code: PLACES.town },
      people: 10,
      peopleSource: 'ledger',
      rounds: 1,
      tested: 5,
      positives: 1,
      prevalence: expected.prevalence,
      options: expected.options,
      optimum: expected.optimum,
    });
  });

  it('takes a given head count, and an area with no rounds gets the cautious default', async () => {
    const given = await county.get('/api/testing/pool-advice?jurisdiction=131002100&people=100000');
    expect(given.json()).toMatchObject({
      people: 100000,
      peopleSource: 'given',
      ...poolAdvice({ people: 100000, positives: 1, tested: 5 }),
    });
    const quiet = await county.get(`/api/testing/pool-advice?jurisdiction=${PLACES.otherTown}&people=1000`);
    expect(quiet.json()).toMatchObject({
      rounds: 0,
      tested: 0,
      ...poolAdvice({ people: 1000, positives: 0, tested: 0 }),
    });
  });

  it('stays in scope', async () => {
    const res = await village.get(`/api/testing/pool-advice?jurisdiction=${V2}`);
    expect(res.statusCode).toBe(403);
  });
});
