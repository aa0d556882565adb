/**
 * Clusters and chains on a hand-made outbreak, rows inserted directly (cases, contacts, links,
 * venues, itineraries), through the real app and database:
 *
 *   A (张营村, day 1) names K1; K1 turns positive → case B; B and C (倪官屯村) were at 农贸市场;
 *   E (码头镇, day 2) names K2, K2 names K3 (secondary), K3 turns positive → case F;
 *   D is alone; H (广阳区) joins through 农贸市场 later; G comes in through an event.
 */
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChainGraph, type ChainGraphWire, expandChainGraph } from '../../../domain/chain-graph.js';
import { addDays, cstDate } from '../../../domain/tracing.js';
import { DEFAULT_EDITION_ID } from '../../../domain/protocol.js';
import { emitEvent } from '../../platform/outbox.js';
import { type Client, type TestApp, createTestApp } from '../../test/app.js';
import { FIXTURE_PASSWORD, PLACES } from '../../test/fixtures.js';
import { createUserUnchecked } from '../users/users.service.js';
import { commonDivision, recomputeClusters } from './chains.events.js';

interface ClusterJson {
  id: string;
  name: string;
  size: number;
  growth: number;
  firstCase: { id: string; number: string };
  firstReportedAt: string;
  lastReportedAt: string;
  places: Array<{ code: string; name: string }>;
}
let t: TestApp;
let investigator: Client; // 安次区
let other: Client; // investigator of 广阳区
let commander: Client; // city
let otherCountyVillage: string;
let maTouVillage: string;
const ids: Record<string, string> = {};
let seq = 0;

const DAY1 = '2022-03-10T02:00:00.000Z';
const DAY2 = '2022-03-11T02:00:00.000Z';

async function addCase(key: string, village: string, reportedAt: string, fromContact?: string) {
  const row = await t.db.db
    .insertInto('cases')
    .values({
      county_code: village.slice(0, 6),
      jpath: village,
      number: `C${String(++seq).padStart(4, '0')}`,
      name: `病例${key}`,
      id_masked: '131002********0011',
      classification: 'confirmed',
      found_in: 'community',
      source: 'manual',
      edition_id: DEFAULT_EDITION_ID,
      sampled_date: reportedAt.slice(0, 10),
      reported_at: new Date(reportedAt),
      from_contact_id: fromContact ? ids[fromContact]! : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  ids[key] = row.id;
  if (fromContact) {
    await t.db.db
      .updateTable('contacts')
      .set({ converted_case_id: row.id, status: 'converted' })
      .where('id', '=', ids[fromContact]!)
      .execute();
  }
  return row.id;
}

async function addContact(
  key: string,
  degree: 'close' | 'secondary',
  village: string = PLACES.village,
  name = `接触者${key}`,
) {
  const row = await t.db.db
    .insertInto('contacts')
    .values({
      county_code: village.slice(0, 6),
      jpath: village,
      name,
      id_masked: '131002********0022',
      phone_masked: '138****0000',
      degree,
      edition_id: DEFAULT_EDITION_ID,
      last_exposure_at: new Date('2022-03-09T10:00:00Z'),
      plan: JSON.stringify({ setting: 'central', from: '2022-03-10', until: '2022-03-23', tests: [] }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  ids[key] = row.id;
}

async function link(contact: string, by: { caseKey?: string; via?: string }) {
  const county = (
    await t.db.db
      .selectFrom('contacts')
      .select('county_code')
      .where('id', '=', ids[contact]!)
      .executeTakeFirstOrThrow()
  ).county_code;
  await t.db.db
    .insertInto('contact_links')
    .values({
      county_code: county,
      contact_id: ids[contact]!,
      case_id: by.caseKey ? ids[by.caseKey]! : null,
      via_contact_id: by.via ? ids[by.via]! : null,
      exposure_type: by.caseKey ? 'household' : 'meal',
      last_exposure_at: new Date('2022-03-09T10:00:00Z'),
    })
    .execute();
}

async function visit(caseKey: string, venueKey: string, day: string) {
  const c = await t.db.db
    .selectFrom('cases')
    .select('county_code')
    .where('id', '=', ids[caseKey]!)
    .executeTakeFirstOrThrow();
  await t.db.db
    .insertInto('itinerary_entries')
    .values({
      county_code: c.county_code,
      case_id: ids[caseKey]!,
      place_kind: 'venue',
      venue_id: ids[venueKey]!,
      place: venueKey,
      from_at: new Date(`${day}T01:00:00Z`),
      to_at: new Date(`${day}T02:00:00Z`),
    })
    .execute();
}

async function clusterOf(key: string): Promise<string | null> {
  return (
    await t.db.db
      .selectFrom('cases')
      .select('cluster_id')
      .where('id', '=', ids[key]!)
      .executeTakeFirstOrThrow()
  ).cluster_id;
}

async function clusterRow(id: string) {
  return t.db.db.selectFrom('clusters').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function clustersOf(as: Client): Promise<ClusterJson[]> {
  const res = await as.get('/api/tracing/clusters');
  expect(res.statusCode, res.body).toBe(200);
  return res.json<ClusterJson[]>();
}

/** The graph as the pages use it, after checking its wire form: a tuple per node and per edge. */
async function graph(as: Client, query = ''): Promise<ChainGraph> {
  const res = await as.get(`/api/tracing/chains${query}`);
  expect(res.statusCode, res.body).toBe(200);
  const wire = res.json<ChainGraphWire>();
  for (const n of wire.nodes) expect(n).toHaveLength(7);
  for (const e of wire.edges) {
    expect(e).toHaveLength(3);
    expect(['named', 'via', 'infected', 'visited']).toContain(e[2]);
  }
  // Refuses an edge whose end is not among the nodes.
  return expandChainGraph(wire);
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.db.db;
  otherCountyVillage = (
    await sql<{ code: string }>`select code from jurisdictions where level = 'village' and code like '131003%'
                                order by code limit 1`.execute(db)
  ).rows[0]!.code;
  maTouVillage = (
    await sql<{
      code: string;
    }>`select code from jurisdictions where level = 'village' and code like '131002101%'
                                order by code limit 1`.execute(db)
  ).rows[0]!.code;
  await createUserUnchecked(db, {
    username: 'investigator-gy',
    displayName: '广阳流调',
    role: 'investigator',
    jurisdictionCode: PLACES.otherCounty,
    password: FIXTURE_PASSWORD,
  });
  investigator = await t.login('investigator');
  other = await t.login('investigator-gy');
  commander = await t.login('city-commander');
  for (const [key, name] of [
    ['market', '新华农贸市场'],
    ['shop', '便民超市'],
  ] as const) {
    const v = await db
      .insertInto('venues')
      .values({ county_code: '131002', jpath: PLACES.village, code: `V-${key}`, name, kind: 'market' })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids[key] = v.id;
  }
});

afterAll(async () => {
  await t.close();
});

describe('clusters as connected components', () => {
  it('joins a case and the contact who turned positive, then a case sharing a venue; leaves an unrelated case alone', async () => {
    await addCase('A', PLACES.village, DAY1);
    await addContact('K1', 'close');
    await link('K1', { caseKey: 'A' });
    await addCase('B', PLACES.village, DAY1.replace('02:00', '08:00'), 'K1');
    await addCase('D', PLACES.otherVillage, DAY1);
    await visit('D', 'shop', '2022-03-08'); // a venue nobody else visited joins nothing

    const yesterday = new Date(Date.now() - 86_400_000);
    const first = await recomputeClusters(t.db.db, { now: yesterday });
    expect(first.created).toBe(1);
    const x = (await clusterOf('A'))!;
    expect(x).not.toBeNull();
    expect(await clusterOf('B')).toBe(x);
    expect(await clusterOf('D')).toBeNull();
    const row = await clusterRow(x);
    expect(row).toMatchObject({ name: '张营村聚集性疫情', size: 2, first_case_id: ids.A, merged_into: null });
    expect(row.jpath).toBe(PLACES.village);

    // C in the sibling village was at the market with B: it joins, and the cluster keeps its name.
    await addCase('C', PLACES.otherVillage, DAY2);
    await visit('B', 'market', '2022-03-08');
    await visit('C', 'market', '2022-03-09');
    const second = await recomputeClusters(t.db.db);
    expect(second).toMatchObject({ created: 0, updated: 1, merged: 0 });
    expect(await clusterOf('C')).toBe(x);
    expect(await clusterOf('D')).toBeNull();
    expect(await clusterRow(x)).toMatchObject({ name: '张营村聚集性疫情', size: 3, jpath: '131002100' });

    // Idempotent: nothing left to write.
    expect(await recomputeClusters(t.db.db)).toEqual({
      created: 0,
      updated: 0,
      merged: 0,
      dissolved: 0,
      cases: 0,
    });
  });

  it('counts growth since the end of the previous CST day', async () => {
    const x = (await clusterOf('A'))!;
    // Created yesterday with 2 cases, 3 now.
    let listed = (await clustersOf(investigator)).find((c) => c.id === x)!;
    expect(listed).toMatchObject({ size: 3, growth: 1, firstCase: { id: ids.A } });
    expect(listed.firstReportedAt).toBe(DAY1);
    expect(listed.lastReportedAt).toBe(DAY2);
    expect(listed.places.map((p) => p.code).sort()).toEqual([PLACES.village, PLACES.otherVillage].sort());

    // A row last written before today has not grown today.
    await sql`update clusters set updated_at = now() - interval '2 days' where id = ${x}`.execute(t.db.db);
    listed = (await clustersOf(investigator)).find((c) => c.id === x)!;
    expect(listed.growth).toBe(0);
    await sql`update clusters set updated_at = now() where id = ${x}`.execute(t.db.db);
  });

  it('names a cluster found through a venue after the venue; a merge keeps the older cluster', async () => {
    const x = (await clusterOf('A'))!;
    // E's chain: E names K2, K2 names the secondary K3, K3 turns positive as F.
    await addCase('E', maTouVillage, DAY2);
    await addContact('K2', 'close', maTouVillage);
    await link('K2', { caseKey: 'E' });
    await addContact('K3', 'secondary', maTouVillage);
    await link('K3', { via: 'K2' });
    await addCase('F', maTouVillage, DAY2.replace('02:00', '09:00'), 'K3');
    // P and Q met only at the supermarket.
    await addCase('P', PLACES.otherVillage, DAY2);
    await addCase('Q', PLACES.otherVillage, DAY2);
    await visit('P', 'shop', '2022-03-09');
    await visit('Q', 'shop', '2022-03-09');
    await recomputeClusters(t.db.db);
    const y = (await clusterOf('E'))!;
    expect(y).not.toBe(x);
    expect(await clusterOf('F')).toBe(y);
    expect((await clusterRow(y)).name).toMatch(/聚集性疫情$/);
    const z = (await clusterOf('P'))!;
    // D visited the supermarket too, so it joined P and Q.
    expect(await clusterOf('D')).toBe(z);
    expect((await clusterRow(z)).name).toBe('便民超市相关聚集');

    // E also named K1 (who became B): E's cluster merges into A's, which is older.
    await link('K1', { caseKey: 'E' });
    const merge = await recomputeClusters(t.db.db);
    expect(merge.merged).toBe(1);
    expect(await clusterOf('E')).toBe(x);
    expect(await clusterOf('F')).toBe(x);
    expect(await clusterRow(x)).toMatchObject({ name: '张营村聚集性疫情', size: 5, first_case_id: ids.A });
    expect(await clusterRow(y)).toMatchObject({ merged_into: x, size: 0 });
    const listed = await clustersOf(commander);
    expect(listed.map((c) => c.id)).not.toContain(y);
    expect(listed.find((c) => c.id === x)!.size).toBe(5);
  });

  it('keeps a name given by hand; only investigators rename', async () => {
    const x = (await clusterOf('A'))!;
    const refused = await commander.patch(`/api/tracing/clusters/${x}`, { name: '新华市场聚集性疫情' });
    expect(refused.statusCode).toBe(403);
    const res = await investigator.patch(`/api/tracing/clusters/${x}`, { name: ' 新华市场聚集性疫情 ' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<ClusterJson>()).toMatchObject({ id: x, name: '新华市场聚集性疫情', size: 5 });
    await recomputeClusters(t.db.db);
    expect((await clusterRow(x)).name).toBe('新华市场聚集性疫情');
    const audit = await t.db.db
      .selectFrom('audit_log')
      .select(['action', 'resource_id'])
      .where('action', '=', 'tracing.cluster_renamed')
      .execute();
    expect(audit).toEqual([{ action: 'tracing.cluster_renamed', resource_id: x }]);
  });

  it('follows events: a new case joins through its contact, a removed visit splits the cluster', async () => {
    const x = (await clusterOf('A'))!;
    await addContact('K4', 'close', PLACES.village, '王"小\\四"\t');
    await link('K4', { caseKey: 'C' });
    await addCase('G', PLACES.village, DAY2, 'K4');
    await emitEvent(t.db.db, 'tracing.case_created', { caseId: ids.G, countyCode: '131002' }, PLACES.village);
    while ((await t.app.dispatcher.runOnce()) > 0);
    expect(await clusterOf('G')).toBe(x);
    expect((await clusterRow(x)).size).toBe(6);

    // C and G hang on the cluster only through C's market visit: removing it splits them off.
    await t.db.db.deleteFrom('itinerary_entries').where('case_id', '=', ids.C!).execute();
    await emitEvent(t.db.db, 'tracing.case_changed', { caseId: ids.C, countyCode: '131002' }, PLACES.village);
    while ((await t.app.dispatcher.runOnce()) > 0);
    expect((await clusterRow(x)).size).toBe(4);
    const split = (await clusterOf('C'))!;
    expect(split).not.toBe(x);
    expect(await clusterOf('G')).toBe(split);
    expect(await clusterOf('A')).toBe(x);
    const failed = await t.db.db
      .selectFrom('outbox')
      .select('last_error')
      .where('last_error', 'is not', null)
      .execute();
    expect(failed).toEqual([]);
    // The incremental path left nothing for a full pass to fix.
    expect(await recomputeClusters(t.db.db)).toMatchObject({ created: 0, updated: 0, merged: 0, cases: 0 });

    // Put C back at the market for the tests below.
    await visit('C', 'market', '2022-03-09');
    await recomputeClusters(t.db.db);
    expect(await clusterOf('G')).toBe(x);
  });
});

describe('chain graph', () => {
  it('has cases, contacts and shared places, linked by named, via, infected and visited edges', async () => {
    const x = (await clusterOf('A'))!;
    const g = await graph(investigator, `?clusterId=${x}`);
    expect(g.truncated).toBe(false);
    const node = (key: string) => g.nodes.find((n) => n.id === ids[key]);
    for (const key of ['A', 'B', 'C', 'E', 'F', 'G'])
      expect(node(key), key).toMatchObject({ kind: 'case', clusterId: x });
    for (const key of ['K1', 'K2', 'K4'])
      expect(node(key), key).toMatchObject({ kind: 'contact', tag: 'close' });
    expect(node('K3')).toMatchObject({ kind: 'contact', tag: 'secondary', clusterId: null });
    expect(node('market')!.clusterId).toBe(x);
    expect(node('K4')!.label).toBe('王"小\\四"\t'); // the graph is JSON written by SQL: escaped
    expect(node('market')).toMatchObject({ kind: 'place', label: '新华农贸市场' });
    expect(node('shop')).toBeUndefined(); // D, P and Q are another cluster
    expect(node('D')).toBeUndefined();
    expect(new Date(node('A')!.at!).toISOString()).toBe(DAY1);
    expect(node('K1')!.at).toMatch(/^2022-03-09T10:00:00(\.0+)?Z$/);

    const has = (kind: string, source: string, target: string) =>
      g.edges.some((e) => e.kind === kind && e.source === ids[source] && e.target === ids[target]);
    expect(has('named', 'A', 'K1')).toBe(true);
    expect(has('named', 'E', 'K1')).toBe(true);
    expect(has('infected', 'K1', 'B')).toBe(true);
    expect(has('named', 'E', 'K2')).toBe(true);
    expect(has('via', 'K2', 'K3')).toBe(true);
    expect(has('infected', 'K3', 'F')).toBe(true);
    expect(has('visited', 'B', 'market')).toBe(true);
    expect(has('visited', 'C', 'market')).toBe(true);
    expect(new Set(g.edges.map((e) => e.id)).size).toBe(g.edges.length);
    const nodeIds = new Set(g.nodes.map((n) => n.id));
    for (const e of g.edges) expect(nodeIds.has(e.source) && nodeIds.has(e.target)).toBe(true);

    // A case's chain is its cluster's.
    const byCase = await graph(investigator, `?caseId=${ids.F}`);
    expect(byCase.nodes.map((n) => n.id).sort()).toEqual(g.nodes.map((n) => n.id).sort());
    // Cut at the limit: cases first, edges only between kept nodes.
    const cut = await graph(investigator, `?clusterId=${x}&limit=3`);
    expect(cut.truncated).toBe(true);
    expect(cut.nodes.map((n) => n.kind)).toEqual(['case', 'case', 'case']);
    // No edge joins two cases directly, so three cases alone have none; an edge to a node cut at
    // the limit would have been refused by expandChainGraph (graph() above).
    expect(cut.edges).toEqual([]);
    const four = await graph(investigator, `?clusterId=${x}&limit=${cut.nodes.length + 7}`);
    expect(four.nodes.some((n) => n.kind !== 'case')).toBe(true);
    expect(four.edges.length).toBeGreaterThan(0);
    const viewed = await t.db.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'tracing.chains_viewed')
      .execute();
    expect(viewed.length).toBeGreaterThanOrEqual(3);
  });

  it('shows another county only the cases it may open and their contacts', async () => {
    const x = (await clusterOf('A'))!;
    // Nothing of 安次区's outbreak is visible in 广阳区 …
    expect((await clustersOf(other)).map((c) => c.id)).not.toContain(x);
    expect((await graph(other)).nodes).toEqual([]);
    expect((await other.get(`/api/tracing/chains?clusterId=${x}`)).statusCode).toBe(403);
    expect((await other.get(`/api/tracing/chains?caseId=${ids.A}`)).statusCode).toBe(403);
    expect((await other.patch(`/api/tracing/clusters/${x}`, { name: '越权' })).statusCode).toBe(403);

    // … until one of its own cases joins it (H was at the market too).
    await addCase('H', otherCountyVillage, DAY2);
    await addContact('K5', 'close', otherCountyVillage);
    await link('K5', { caseKey: 'H' });
    await visit('H', 'market', '2022-03-09');
    await recomputeClusters(t.db.db);
    expect(await clusterOf('H')).toBe(x);
    expect((await clusterRow(x)).jpath).toBe('1310');
    const listed = (await clustersOf(other)).find((c) => c.id === x)!;
    expect(listed.size).toBe(7);
    const g = await graph(other, `?clusterId=${x}`);
    const shown = new Set(g.nodes.map((n) => n.id));
    expect(shown.has(ids.H!)).toBe(true);
    expect(shown.has(ids.K5!)).toBe(true);
    expect(shown.has(ids.market!)).toBe(true);
    for (const key of ['A', 'B', 'C', 'E', 'F', 'G', 'K1', 'K2', 'K3', 'K4'])
      expect(shown.has(ids[key]!), key).toBe(false);
    expect(g.nodes.filter((n) => n.kind === 'case')).toHaveLength(1);
    // The whole visible graph of the city holds everything.
    const city = await graph(commander, '?limit=1000');
    for (const key of ['A', 'D', 'H', 'K3', 'K5', 'market', 'shop'])
      expect(
        city.nodes.some((n) => n.id === ids[key]),
        key,
      ).toBe(true);
  });
});

describe('export', () => {
  it('gives a cluster as JSON and as a workbook of 病例, 密接 and 关系, masked and audited', async () => {
    const x = (await clusterOf('A'))!;
    const json = await investigator.get(`/api/tracing/chains/export?clusterId=${x}&format=json`);
    expect(json.statusCode, json.body).toBe(200);
    const data = json.json<{
      cluster: ClusterJson;
      cases: Array<{ id: string; idMasked: string | null; place: { name: string } }>;
      contacts: Array<{ id: string; idMasked: string | null; phoneMasked: string | null }>;
      relations: Array<{ kind: string; sourceLabel: string; targetLabel: string }>;
    }>();
    expect(data.cluster.id).toBe(x);
    expect(data.cases.map((c) => c.id).sort()).toEqual(
      ['A', 'B', 'C', 'E', 'F', 'G'].map((k) => ids[k]).sort(),
    );
    expect(data.cases.every((c) => c.idMasked?.includes('****'))).toBe(true);
    expect(data.contacts.every((k) => k.phoneMasked === '138****0000')).toBe(true);
    const infected = data.relations.find((r) => r.kind === 'infected' && r.sourceLabel === '接触者K1');
    expect(infected?.targetLabel).toMatch(/病例B$/);

    const xlsx = await investigator.get(`/api/tracing/chains/export?clusterId=${x}`);
    expect(xlsx.statusCode, xlsx.body).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['病例', '密接', '关系']);
    expect(workbook.getWorksheet('病例')!.rowCount).toBe(1 + 6);
    expect(workbook.getWorksheet('密接')!.rowCount).toBe(1 + data.contacts.length);
    expect(workbook.getWorksheet('关系')!.getRow(1).getCell(3).value).toBe('关系');
    const body = JSON.stringify(workbook.getWorksheet('病例')!.getSheetValues());
    expect(body).not.toMatch(/\d{17}[\dX]/);

    // 广阳区 exports only its own case of the cluster.
    const theirs = await other.get(`/api/tracing/chains/export?clusterId=${x}&format=json`);
    expect(theirs.json<{ cases: Array<{ id: string }> }>().cases.map((c) => c.id)).toEqual([ids.H]);
    const audit = await t.db.db
      .selectFrom('audit_log')
      .select(['actor_username', 'resource_id'])
      .where('action', '=', 'tracing.chains_exported')
      .execute();
    expect(audit).toHaveLength(3);
  });
});

describe('commonDivision', () => {
  it('is the deepest division holding every path', () => {
    expect(commonDivision(['131002100202', '131002100203/G001/'])).toBe('131002100');
    expect(commonDivision(['131002100202/G001/B00001/', '131002100202'])).toBe('131002100202');
    expect(commonDivision(['131002100202', '131003001001'])).toBe('1310');
    expect(cstDate(new Date(DAY1))).toBe(addDays('2022-03-09', 1));
  });
});
