/**
 * Venues and exposure files through the app: bad rows reported by line and skipped while the good
 * ones load, out-of-order times loaded with a warning, duplicates within a file and against what
 * is loaded, a re-sent file loading nothing, GBK files, pings by cell or position, scope, and a
 * file failing half-way leaving the event tables untouched (COPY and array staging alike).
 */
import { gridDisk, latLngToCell, cellToChildren, cellToParent } from 'h3-js';
import iconv from 'iconv-lite';
import pino from 'pino';
import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../domain/idcard.js';
import { actorFromUser, createUserUnchecked, findUserByUsername } from '../users/users.service.js';
import type { RequestContext } from '../../platform/context.js';
import { type Client, TEST_PII, type TestApp, createTestApp } from '../../test/app.js';
import { PLACES } from '../../test/fixtures.js';
import { cellFromDb, cellToDb, parseCell } from './cells.js';
import { parseExposureTime } from './exposure.csv.js';
import { type ExposureImportOut, ingestExposures } from './exposure.ingest.js';

let t: TestApp;
let investigator: Client;
let admin: Client;
let otherInvestigator: Client;
const ids: Record<string, string> = {};
const phones: Record<string, string> = {};
const people: Record<string, string> = {};

async function addPerson(key: string, seq: number, place: string) {
  ids[key] = makeIdNumber('131002', '1985-05-05', seq);
  phones[key] = `1391234${String(seq).padStart(4, '0')}`;
  const res = await admin.post('/api/population/people', {
    idNumber: ids[key],
    name: `${key}某`,
    phone: phones[key],
    residenceType: 'registered',
    place,
  });
  expect(res.statusCode, res.body).toBe(201);
  people[key] = res.json<{ person: { id: string } }>().person.id;
}

function upload(
  as: Client,
  kind: 'venue' | 'ping',
  body: string | Buffer,
  contentType = 'text/csv',
  name = 'f.csv',
) {
  return as.request('POST', `/api/tracing/exposures?kind=${kind}&fileName=${name}`, body, {
    'content-type': contentType,
  });
}

const count = async (table: 'venue_scans' | 'location_pings') =>
  Number(
    (
      await t.db.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

const CELL = latLngToCell(39.52, 116.68, 8);

beforeAll(async () => {
  t = await createTestApp();
  investigator = await t.login('investigator');
  admin = await t.login('county-admin');
  await createUserUnchecked(t.db.db, {
    username: 'gy-investigator',
    displayName: '广阳流调',
    role: 'investigator',
    jurisdictionCode: PLACES.otherCounty,
    password: 'Other-pass-9',
  });
  otherInvestigator = await t.login('gy-investigator', 'Other-pass-9');
  await addPerson('A', 101, PLACES.village);
  await addPerson('B', 102, PLACES.village);
  await addPerson('C', 103, PLACES.otherVillage);
  for (const [code, lat] of [
    ['V001', 39.52],
    ['V002', 39.53],
  ] as const) {
    const res = await investigator.post('/api/tracing/venues', {
      code,
      name: `${code}超市`,
      kind: 'shop',
      place: PLACES.village,
      lat,
      lng: 116.68,
    });
    expect(res.statusCode, res.body).toBe(201);
  }
});
afterAll(async () => t.close());

describe('cells', () => {
  it('round-trips an H3 index through the int8 text and takes a finer cell as its parent', () => {
    expect(cellFromDb(cellToDb(CELL))).toBe(CELL);
    expect(BigInt(cellToDb(CELL)) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    const child = cellToChildren(CELL, 9)[0]!;
    expect(parseCell(child.toUpperCase(), 8)).toBe(CELL);
    expect(parseCell(cellToParent(CELL, 7), 8)).toBeNull();
    expect(parseCell('zz', 8)).toBeNull();
  });

  it('reads naive times as China time and refuses dates that do not exist', () => {
    expect(new Date(parseExposureTime('2022-03-09 10:00:00')).toISOString()).toBe('2022-03-09T02:00:00.000Z');
    expect(new Date(parseExposureTime('2022/3/9 8:05')).toISOString()).toBe('2022-03-09T00:05:00.000Z');
    expect(new Date(parseExposureTime('2022-03-09T10:00:00Z')).toISOString()).toBe(
      '2022-03-09T10:00:00.000Z',
    );
    expect(parseExposureTime('2022-04-31 10:00')).toBeNaN();
    expect(parseExposureTime('2022-02-29 10:00')).toBeNaN();
    expect(parseExposureTime('2024-02-29 10:00')).not.toBeNaN();
    expect(parseExposureTime('yesterday')).toBeNaN();
  });
});

describe('venues', () => {
  it('are created in a village of my subtree with their cell, and listed by scope', async () => {
    const row = await t.db.db
      .selectFrom('venues')
      .select(['cell', 'county_code', 'jpath'])
      .select((eb) => eb.cast<string>('cell', 'text').as('cell_text'))
      .where('code', '=', 'V001')
      .executeTakeFirstOrThrow();
    expect(cellFromDb((row as unknown as { cell_text: string }).cell_text)).toBe(
      latLngToCell(39.52, 116.68, 8),
    );
    expect(row.county_code).toBe('131002');
    const list = await investigator.get('/api/tracing/venues?q=V00');
    expect(list.statusCode, list.body).toBe(200);
    expect(
      list.json<{ items: Array<{ code: string; place: { name: string } }>; total: number }>(),
    ).toMatchObject({
      total: 2,
      items: [{ code: 'V001', place: { name: '张营村' } }, { code: 'V002' }],
    });
    expect((await otherInvestigator.get('/api/tracing/venues')).json<{ total: number }>().total).toBe(0);
  });

  it('refuses a taken code, a place outside my subtree or above a town, a lone latitude, and people without Ingest', async () => {
    const base = { code: 'V003', name: '药店', place: PLACES.village };
    expect((await investigator.post('/api/tracing/venues', { ...base, code: 'V001' })).statusCode).toBe(409);
    expect(
      (await investigator.post('/api/tracing/venues', { ...base, place: PLACES.otherCounty.slice(0, 6) }))
        .statusCode,
    ).toBe(403);
    const county = await investigator.post('/api/tracing/venues', { ...base, place: '131002' });
    expect(county.statusCode).toBe(400);
    expect(county.body).toContain('place');
    const lone = await investigator.post('/api/tracing/venues', { ...base, lat: 39.5 });
    expect(lone.statusCode).toBe(400);
    expect(lone.body).toContain('lng');
    expect((await admin.post('/api/tracing/venues', base)).statusCode).toBe(403);
  });
});

describe('venue-scan files', () => {
  let first: ExposureImportOut;
  const file = () =>
    [
      '身份证号,场所码,时间',
      `${ids.A},V001,2022-03-09 10:00:00`, // 2 ok
      `${ids.B},V001,2022-03-09 10:20`, // 3 ok
      `${makeIdNumber('131002', '1990-01-01', 999)},V001,2022-03-09 10:30`, // 4 unknown person
      `${ids.A},NOPE,2022-03-09 11:00`, // 5 unknown venue
      `${ids.A},V001,2022-13-01 10:00`, // 6 bad time
      `${ids.A},V001,2022-03-09 10:00:00`, // 7 duplicate of 2
      `${ids.B},V002,2022-03-09 09:00`, // 8 earlier than B's line 3: loaded, warning
      `12345,V001,2022-03-09 10:00`, // 9 bad ID number
      '', // 10 blank: not a row
      `"${ids.C}",V002,2022/3/9 12:00`, // 11 ok (quoted)
      `${ids.A},V002,2099-01-01 00:00`, // 12 future
    ].join('\r\n') + '\r\n';

  it('loads the good rows and reports the bad ones by line', async () => {
    const before = await count('venue_scans');
    const res = await upload(investigator, 'venue', file());
    expect(res.statusCode, res.body).toBe(200);
    first = res.json<ExposureImportOut>();
    expect(first).toMatchObject({ kind: 'venue', fileName: 'f.csv', status: 'done', totalRows: 10 });
    expect(first.loadedRows).toBe(4);
    expect(first.skippedRows).toBe(6);
    expect(first.duplicateFile).toBeUndefined();
    expect(first.problems.map((p) => [p.row, p.field, (p as { code?: string }).code])).toEqual([
      [4, 'id_number', 'unknown_person'],
      [5, 'venue_code', 'unknown_venue'],
      [6, 'time', 'bad_time'],
      [7, null, 'duplicate'],
      [8, 'time', 'out_of_order'],
      [9, 'id_number', 'bad_id'],
      [12, 'time', 'future_time'],
    ]);
    expect(first.problems.find((p) => p.row === 7)!.message).toContain('2');
    expect((first.problems.find((p) => p.row === 8) as { warning?: boolean }).warning).toBe(true);
    expect(await count('venue_scans')).toBe(before + 4);
    const scans = await t.db.db
      .selectFrom('venue_scans')
      .innerJoin('venues', 'venues.id', 'venue_scans.venue_id')
      .select(['venue_scans.person_id', 'venue_scans.county_code', 'venue_scans.at', 'venues.code'])
      .where('venue_scans.person_id', '=', people.C!)
      .execute();
    expect(scans).toEqual([
      { person_id: people.C, county_code: '131002', at: new Date('2022-03-09T04:00:00Z'), code: 'V002' },
    ]);
  });

  it('loads nothing from a re-sent file and answers the earlier import', async () => {
    const before = await count('venue_scans');
    const res = await upload(investigator, 'venue', file(), 'text/csv', 'again.csv');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<ExposureImportOut>()).toMatchObject({ id: first.id, duplicateFile: true, loadedRows: 4 });
    expect(await count('venue_scans')).toBe(before);
    const list = await investigator.get('/api/tracing/exposures?kind=venue');
    expect(list.json<{ total: number }>().total).toBe(1);
  });

  it('skips rows already loaded by an earlier file, by line, and matches people by phone', async () => {
    const before = await count('venue_scans');
    const res = await upload(
      investigator,
      'venue',
      [
        'id_number,phone,venue_code,time',
        `${ids.A},,V001,2022-03-09 10:00:00`,
        `,${phones.C},V001,2022-03-09 13:00`,
        `,${phones.B},V002,2022-03-09T01:00:00Z`,
        `,13900000000,V002,2022-03-09 13:00`,
      ].join('\n'),
    );
    expect(res.statusCode, res.body).toBe(200);
    const out = res.json<ExposureImportOut>();
    expect(out).toMatchObject({ totalRows: 4, loadedRows: 1, skippedRows: 3 });
    expect(out.problems.map((p) => [p.row, p.field, (p as { code?: string }).code])).toEqual([
      [2, null, 'already_loaded'],
      [4, null, 'already_loaded'],
      [5, 'phone', 'unknown_person'],
    ]);
    expect(await count('venue_scans')).toBe(before + 1);
  });

  it('reads GBK, told by the content type or not', async () => {
    const text = ['身份证号,场所码,时间', `${ids.A},V002,2022-03-09 15:00`].join('\n');
    const told = await upload(investigator, 'venue', iconv.encode(text, 'gbk'), 'text/csv; charset=gbk');
    expect(told.json<ExposureImportOut>()).toMatchObject({ loadedRows: 1, skippedRows: 0 });
    const sniffed = await upload(
      investigator,
      'venue',
      iconv.encode(text.replace('15:00', '16:00'), 'gbk'),
      'text/csv',
    );
    expect(sniffed.json<ExposureImportOut>()).toMatchObject({ loadedRows: 1, skippedRows: 0 });
  });

  it('refuses a file without the needed columns, and callers without Ingest', async () => {
    const res = await upload(investigator, 'venue', 'name,time\nx,2022-03-09 10:00\n');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('场所码');
    expect((await upload(admin, 'venue', 'a')).statusCode).toBe(403);
  });

  it('lists imports by scope', async () => {
    const mine = await investigator.get('/api/tracing/exposures');
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json<{ total: number }>().total).toBe(4);
    expect((await otherInvestigator.get('/api/tracing/exposures')).json<{ total: number }>().total).toBe(0);
    expect((await admin.get('/api/tracing/exposures')).json<{ total: number }>().total).toBe(4);
  });

  it('shows an import whose process died as failed, and one still holding its lock as running', async () => {
    const actor = actorFromUser((await findUserByUsername(t.db.db, 'investigator'))!);
    const row = (file: string) => ({
      county_code: actor.countyCode,
      jpath: actor.jpath,
      kind: 'venue' as const,
      file_name: file,
      sha256: `pending:${file}`,
      created_at: new Date(Date.now() - 5 * 60_000),
    });
    const [dead, alive] = await t.db.db
      .insertInto('exposure_imports')
      .values([row('dead.csv'), row('alive.csv')])
      .returning('id')
      .execute();
    // The live one's session holds its lock (what ingestExposures does while it runs).
    const lock = `select pg_advisory_lock(hashtextextended('cordon.exposure_import:' || $1::text, 0))`;
    const unlock = `select pg_advisory_unlock(hashtextextended('cordon.exposure_import:' || $1::text, 0))`;
    const session = t.db.pool ? await t.db.pool.connect() : null;
    const run = async (text: string) => {
      if (session) await session.query(text, [alive!.id]);
      else await t.db.db.executeQuery(CompiledQuery.raw(text, [alive!.id]));
    };
    await run(lock);
    try {
      const list = (await investigator.get('/api/tracing/exposures')).json<{ items: ExposureImportOut[] }>();
      const of = (file: string) => list.items.find((i) => i.fileName === file)!;
      expect(of('dead.csv')).toMatchObject({ status: 'failed' });
      expect(of('dead.csv').error).toContain('Interrupted');
      expect(of('alive.csv').status).toBe('running');
    } finally {
      await run(unlock);
      session?.release();
    }
    await t.db.db.deleteFrom('exposure_imports').where('id', 'in', [dead!.id, alive!.id]).execute();
  });
});

describe('ping files', () => {
  it('takes a cell (a finer one as its parent) or a position, and reports bad cells and positions', async () => {
    const before = await count('location_pings');
    const neighbour = gridDisk(CELL, 1).find((c) => c !== CELL)!;
    const res = await upload(
      investigator,
      'ping',
      [
        'id_number,cell,lat,lng,time',
        `${ids.A},${CELL},,,2022-03-09 12:00`, // 2 ok
        `${ids.A},,39.52,116.68,2022-03-09 12:05`, // 3 ok (same cell, from the position)
        `${ids.B},zzzz,,,2022-03-09 12:00`, // 4 bad cell
        `${ids.B},${cellToChildren(neighbour, 10)[3]},,,2022-03-09 12:00`, // 5 ok (parent)
        `${ids.C},,95,116.6,2022-03-09 12:00`, // 6 bad latitude
        `${ids.C},,39.5,190,2022-03-09 12:00`, // 7 bad longitude
        `${ids.C},${cellToParent(CELL, 6)},,,2022-03-09 12:00`, // 8 too coarse
      ].join('\n'),
      'text/csv',
      'pings.csv',
    );
    expect(res.statusCode, res.body).toBe(200);
    const out = res.json<ExposureImportOut>();
    expect(out).toMatchObject({ kind: 'ping', totalRows: 7, loadedRows: 3, skippedRows: 4 });
    expect(out.problems.map((p) => [p.row, p.field])).toEqual([
      [4, 'cell'],
      [6, 'lat'],
      [7, 'lng'],
      [8, 'cell'],
    ]);
    expect(await count('location_pings')).toBe(before + 3);
    const cells = await t.db.db
      .selectFrom('location_pings')
      .select((eb) => eb.cast<string>('cell', 'text').as('cell'))
      .where('person_id', 'in', [people.A!, people.B!])
      .orderBy('at')
      .execute();
    expect(new Set(cells.map((c) => cellFromDb(c.cell)))).toEqual(new Set([CELL, neighbour]));
  });
});

describe('a file failing half-way', () => {
  async function context(): Promise<RequestContext> {
    const user = (await findUserByUsername(t.db.db, 'investigator'))!;
    return {
      db: t.db.db,
      actor: actorFromUser(user),
      requestId: 'test',
      ip: '127.0.0.1',
      userAgent: null,
      log: pino({ level: 'silent' }),
      pii: TEST_PII,
    };
  }

  async function* broken(): AsyncGenerator<Buffer> {
    yield Buffer.from('身份证号,场所码,时间\n');
    for (let i = 0; i < 6; i++) yield Buffer.from(`${ids.B},V001,2022-03-10 0${i}:00\n`);
    throw new Error('connection lost');
  }

  for (const staging of ['copy', 'arrays'] as const) {
    it(`leaves the event tables as they were (${staging})`, async () => {
      const ctx = await context();
      const before = await count('venue_scans');
      await expect(
        ingestExposures(ctx, 'venue', broken(), {
          fileName: `broken-${staging}.csv`,
          chunkRows: 2,
          ...(staging === 'copy' ? { handle: t.db } : {}),
        }),
      ).rejects.toThrow('connection lost');
      expect(await count('venue_scans')).toBe(before);
      const row = await t.db.db
        .selectFrom('exposure_imports')
        .select(['status', 'error', 'total_rows'])
        .where('file_name', '=', `broken-${staging}.csv`)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'failed', error: 'connection lost', total_rows: 6 });
      // The same rows load when the file comes whole (nothing half-loaded stands in the way).
      const whole = await ingestExposures(
        ctx,
        'venue',
        (async function* () {
          yield Buffer.from(
            `身份证号,场所码,时间\n${ids.B},V001,2022-03-10 0${staging === 'copy' ? 7 : 8}:00\n`,
          );
        })(),
        staging === 'copy' ? { handle: t.db } : {},
      );
      expect(whole).toMatchObject({ status: 'done', loadedRows: 1 });
    });
  }
});
