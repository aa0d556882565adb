import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, createTestApp } from '../../test/app.js';
import { PLACES } from '../../test/fixtures.js';

let t: TestApp;
let county: Client; // county-admin of 安次区
let village: Client; // village-worker of 张营村
let sampler: Client; // sampler of 落垡镇 (read only)

beforeAll(async () => {
  t = await createTestApp();
  county = await t.login('county-admin');
  village = await t.login('village-worker');
  sampler = await t.login('sampler');
});
afterAll(async () => t.close());

interface Node {
  code: string;
  name: string;
  shortName: string;
  level: string;
  kind: string;
  childCount?: number;
  trail?: string[];
  inScope?: boolean;
}

describe('browsing', () => {
  it('lists the home jurisdiction when no parent is given', async () => {
    const res = await county.get('/api/jurisdictions');
    expect(res.statusCode).toBe(200);
    expect(res.json<{ items: Node[] }>().items).toEqual([
      expect.objectContaining({
        code: PLACES.county,
        name: '安次区',
        level: 'county',
        kind: 'district',
        childCount: 15,
      }),
    ]);
  });

  it('lists children by short or full code, paged, with their child counts', async () => {
    const short = await county.get('/api/jurisdictions?parent=131002100&limit=5');
    const full = await county.get(`/api/jurisdictions?parent=${PLACES.town}&limit=5`);
    expect(short.json()).toEqual(full.json());
    const page = full.json<{ items: Node[]; total: number }>();
    expect(page.total).toBe(30);
    expect(page.items).toHaveLength(5);
    expect(page.items[1]).toMatchObject({
      code: PLACES.village,
      shortName: '张营村',
      kind: 'village',
      childCount: 1,
    });
    const next = await county.get(`/api/jurisdictions?parent=${PLACES.town}&limit=5&offset=5`);
    expect(next.json<{ items: Node[] }>().items[0]!.code).not.toBe(page.items[0]!.code);
  });

  it('pages in code order; past the last page and under a leaf, no items but the total', async () => {
    const all = await county.get(`/api/jurisdictions?parent=${PLACES.town}&limit=100`);
    const codes = all.json<{ items: Node[] }>().items.map((i) => i.code);
    expect(codes).toHaveLength(30);
    expect(codes).toEqual([...codes].sort());
    const past = await county.get(`/api/jurisdictions?parent=${PLACES.town}&limit=5&offset=30`);
    expect(past.json()).toEqual({ items: [], total: 30 });
    const leaf = await county.get(`/api/jurisdictions?parent=${PLACES.building}`);
    expect(leaf.json()).toEqual({ items: [], total: 0 });
    const missing = await county.get('/api/jurisdictions?parent=131002199999');
    expect(missing.statusCode).toBe(404);
  });

  it('shows one jurisdiction with ancestors and descendant counts by level and kind', async () => {
    const res = await county.get(`/api/jurisdictions/${PLACES.county}`);
    const body = res.json<{
      jurisdiction: Node;
      ancestors: Node[];
      counts: Array<{ level: string; kind: string; count: number }>;
    }>();
    expect(body.jurisdiction.code).toBe(PLACES.county);
    expect(body.ancestors).toEqual([expect.objectContaining({ code: PLACES.city, inScope: false })]);
    const count = (level: string, kind?: string) =>
      body.counts
        .filter((c) => c.level === level && (!kind || c.kind === kind))
        .reduce((s, c) => s + c.count, 0);
    expect(count('town')).toBe(15);
    expect(count('village')).toBe(341);
    expect(count('village', 'village')).toBe(288);
    expect(count('village', 'community')).toBe(53);
    expect(count('grid')).toBe(2);
    expect(count('building')).toBe(2);
  });

  it('searches names and code prefixes within scope only, with a trail', async () => {
    const res = await county.get(`/api/jurisdictions?q=${encodeURIComponent('张营')}`);
    const items = res.json<{ items: Node[] }>().items;
    expect(items.map((i) => i.code)).toContain(PLACES.village);
    expect(items.find((i) => i.code === PLACES.village)!.trail).toEqual(['安次区', '落垡镇']);
    // 广阳区 (131003) is a sibling county: never in an 安次区 search.
    const other = await county.get('/api/jurisdictions?q=131003');
    expect(other.json<{ items: Node[] }>().items).toEqual([]);
    const byCode = await village.get('/api/jurisdictions?q=131002100202');
    expect(byCode.json<{ items: Node[] }>().items.map((i) => i.code)).toEqual([
      PLACES.village,
      PLACES.grid,
      PLACES.building,
    ]);
  });

  it('serves the county outlines under a jurisdiction with a metric per county', async () => {
    const city = await t.login('city-commander');
    const all = await city.get(`/api/jurisdictions/${PLACES.city}/map`);
    const body = all.json<{
      geojson: { features: Array<{ id: string }> };
      values: Array<{ code: string; value: number; onMap: boolean }>;
    }>();
    expect(body.geojson.features).toHaveLength(10);
    expect(body.values).toHaveLength(11);
    expect(body.values.find((v) => v.code === '131071000000')).toMatchObject({ onMap: false });
    const expected = await t.db.db
      .selectFrom('jurisdictions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('level', '=', 'village')
      .where('kind', 'in', ['village', 'community'])
      .executeTakeFirstOrThrow();
    expect(body.values.reduce((s, v) => s + v.value, 0)).toBe(Number(expected.n));
    const own = await county.get(`/api/jurisdictions/${PLACES.town}/map?metric=grids`);
    const ownBody = own.json<{
      geojson: { features: Array<{ id: string }> };
      values: Array<{ code: string; value: number }>;
    }>();
    expect(ownBody.geojson.features.map((f) => f.id)).toEqual(['131002']);
    // 落垡镇 holds both fixture villages, one grid each.
    expect(ownBody.values).toEqual([expect.objectContaining({ code: PLACES.county, value: 2 })]);
  });
});

describe('scope', () => {
  it.each([
    ['the parent', PLACES.city],
    ['a sibling county', PLACES.otherCounty],
    ['a town of a sibling county', '131003100000'],
  ])('refuses %s of the home jurisdiction', async (_what, code) => {
    for (const url of [
      `/api/jurisdictions/${code}`,
      `/api/jurisdictions?parent=${code}`,
      `/api/jurisdictions/${code}/map`,
    ]) {
      const res = await county.get(url);
      expect(res.statusCode, url).toBe(403);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('OUT_OF_SCOPE');
    }
  });

  it('lets a village worker see only the village and below', async () => {
    expect((await village.get(`/api/jurisdictions/${PLACES.grid}`)).statusCode).toBe(200);
    expect((await village.get(`/api/jurisdictions/${PLACES.town}`)).statusCode).toBe(403);
    expect((await village.get(`/api/jurisdictions/${PLACES.otherVillage}`)).statusCode).toBe(403);
  });

  it('answers 404 for a code that does not exist and 400 for one that is not a code', async () => {
    const missing = await county.get('/api/jurisdictions/131002999999');
    expect(missing.statusCode).toBe(404);
    const bad = await county.get('/api/jurisdictions/13100X');
    expect(bad.statusCode).toBe(400);
    expect(
      bad.json<{ error: { details: { fields: Array<{ field: string }> } } }>().error.details.fields[0]!.field,
    ).toBe('code');
  });
});

describe('grids and buildings', () => {
  it('creates grids and buildings with the next free codes', async () => {
    const grid = await village.post('/api/jurisdictions', {
      parentCode: PLACES.village,
      level: 'grid',
      name: '第二网格',
    });
    expect(grid.statusCode).toBe(201);
    expect(grid.json()).toMatchObject({
      code: `${PLACES.village}G002`,
      level: 'grid',
      kind: 'grid',
      source: 'user',
    });
    const building = await village.post('/api/jurisdictions', {
      parentCode: `${PLACES.village}G002`,
      level: 'building',
      name: '5号楼',
      kind: 'apartment',
      address: '张营村中街5号',
    });
    expect(building.statusCode).toBe(201);
    expect(building.json()).toMatchObject({ code: `${PLACES.village}B00002`, address: '张营村中街5号' });
  });

  it('hands out distinct codes to concurrent creators', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        village.post('/api/jurisdictions', { parentCode: PLACES.grid, level: 'building', name: `并发${i}` }),
      ),
    );
    const codes = results.map((r) => r.json<Node>().code);
    expect(results.every((r) => r.statusCode === 201)).toBe(true);
    expect(new Set(codes).size).toBe(6);
  });

  it('refuses the wrong parent level, an unknown kind and missing fields by name', async () => {
    const wrong = await village.post('/api/jurisdictions', {
      parentCode: PLACES.village,
      level: 'building',
      name: 'x',
    });
    expect(wrong.json<{ error: { code: string } }>().error.code).toBe('WRONG_PARENT_LEVEL');
    const kind = await village.post('/api/jurisdictions', {
      parentCode: PLACES.village,
      level: 'grid',
      name: 'x',
      kind: 'castle',
    });
    expect(
      kind.json<{ error: { details: { fields: Array<{ field: string }> } } }>().error.details.fields[0]!
        .field,
    ).toBe('kind');
    const missing = await village.post('/api/jurisdictions', { level: 'grid' });
    expect(missing.statusCode).toBe(400);
    expect(
      missing
        .json<{ error: { details: { fields: Array<{ field: string }> } } }>()
        .error.details.fields.map((f) => f.field),
    ).toEqual(['parentCode', 'name']);
  });

  it('renames, moves a building to another grid of its village, and refuses other moves', async () => {
    const renamed = await village.patch(`/api/jurisdictions/${PLACES.building}`, { name: '一号楼' });
    expect(renamed.json()).toMatchObject({ name: '一号楼' });
    const moved = await village.patch(`/api/jurisdictions/${PLACES.building}`, {
      parentCode: `${PLACES.village}G002`,
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ parentCode: `${PLACES.village}G002` });
    const detail = await village.get(`/api/jurisdictions/${PLACES.building}`);
    expect(detail.json<{ ancestors: Node[] }>().ancestors.at(-1)!.code).toBe(`${PLACES.village}G002`);
    const away = await county.patch(`/api/jurisdictions/${PLACES.building}`, {
      parentCode: PLACES.otherGrid,
    });
    expect(away.json<{ error: { code: string } }>().error.code).toBe('VALIDATION_FAILED');
    const grid = await village.patch(`/api/jurisdictions/${PLACES.grid}`, { parentCode: PLACES.village });
    expect(grid.statusCode).toBe(200); // unchanged parent: a no-op, not an error
  });

  it('refuses to change or delete real divisions', async () => {
    const res = await county.patch(`/api/jurisdictions/${PLACES.village}`, { name: '新名字' });
    expect(res.json<{ error: { code: string } }>().error.code).toBe('JURISDICTION_READ_ONLY');
    const del = await county.delete(`/api/jurisdictions/${PLACES.town}`);
    expect(del.json<{ error: { code: string } }>().error.code).toBe('JURISDICTION_READ_ONLY');
  });

  it('deletes only empty units', async () => {
    const full = await village.delete(`/api/jurisdictions/${PLACES.grid}`);
    expect(full.statusCode).toBe(409);
    expect(full.json<{ error: { code: string } }>().error.code).toBe('JURISDICTION_NOT_EMPTY');
    const empty = await village.post('/api/jurisdictions', {
      parentCode: PLACES.village,
      level: 'grid',
      name: '临时网格',
    });
    const code = empty.json<Node>().code;
    expect((await village.delete(`/api/jurisdictions/${code}`)).statusCode).toBe(200);
    expect((await village.get(`/api/jurisdictions/${code}`)).statusCode).toBe(404);
  });

  it('refuses changes without the permission or outside the scope', async () => {
    const res = await sampler.post('/api/jurisdictions', {
      parentCode: PLACES.village,
      level: 'grid',
      name: 'x',
    });
    expect(res.statusCode).toBe(403);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('FORBIDDEN');
    const other = await village.post('/api/jurisdictions', {
      parentCode: PLACES.otherVillage,
      level: 'grid',
      name: 'x',
    });
    expect(other.json<{ error: { code: string } }>().error.code).toBe('OUT_OF_SCOPE');
  });

  it('records every change in the audit log and the outbox', async () => {
    const audit = await t.db.db
      .selectFrom('audit_log')
      .select(['action', 'resource_id', 'actor_username'])
      .where('action', 'like', 'jurisdiction.%')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['jurisdiction.created', 'jurisdiction.updated', 'jurisdiction.deleted']),
    );
    const events = await t.db.db.selectFrom('outbox').select(['topic', 'payload']).execute();
    expect(events.some((e) => (e.payload as { change: string }).change === 'moved')).toBe(true);
  });
});
