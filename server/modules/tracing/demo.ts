/**
 * Demo mode's tracing scene, so the investigators' pages have something to work on at the first
 * start — a small cluster as the Langfang reports describe them, timed relative to now so the
 * 2+4+24 clocks are live:
 *
 * - case 1 (reported 26 h ago, taken to hospital 2 h later; on-scene and core-information clocks
 *   done, the 24-hour report overdue because the colleague in Beijing is not under control yet): went to the market and the supermarket in the
 *   look-back window; household members are close contacts (in central isolation), a colleague who
 *   lives in Beijing is a contact outside our area (an assist notice draft), and one household member
 *   has named a neighbour (secondary contact);
 * - case 2 (reported 3 h ago, on scene done, core information due): that household member turned
 *   positive — the contact converts and the neighbour becomes a close contact of case 2;
 * - case 3 (reported 40 min ago, nothing done yet): a community case who was at the same market;
 * - venue-code scans and location pings of the demo town's people around case 1's visits, so the
 *   big-data candidates have people to rank; a joint team over the demo town; a few calls; one
 *   incoming assist notice from Beijing; the clusters computed.
 *
 * Everything goes through the module's services as the demo accounts would do it by hand.
 */
import { Readable } from 'node:stream';
import { addDays, cstDate } from '../../../domain/tracing.js';
import type { DatabaseHandle } from '../../db/connect.js';
import type { PiiCipher } from '../../platform/pii.js';
import { demoContext } from '../system/demo-context.js';
import { createOutgoing } from './assist.service.js';
import { createCase } from './cases.service.js';
import { recomputeClusters } from './chains.events.js';
import { addCaseContact, addContactOfContact, changeStatus } from './contacts.service.js';
import { ingestExposures } from './exposure.ingest.js';
import { logCall, markClock } from './investigation.service.js';
import { addItinerary } from './itinerary.service.js';
import { createTeam } from './teams.service.js';
import { createVenue } from './venues.service.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

export interface DemoTracingSummary {
  cases: number;
  contacts: number;
  events: number;
}

interface DemoPerson {
  id: string;
  name: string;
  idNumber: string;
  householdId: string | null;
}

export async function ensureDemoTracing(
  handle: DatabaseHandle,
  pii: PiiCipher,
): Promise<DemoTracingSummary | null> {
  const db = handle.db;
  if (await db.selectFrom('cases').select('id').limit(1).executeTakeFirst()) return null;
  const [investigator, admin, isolation] = await Promise.all([
    demoContext(handle, pii, 'demo.investigator'),
    demoContext(handle, pii, 'demo.county'),
    demoContext(handle, pii, 'demo.isolation'),
  ]);
  const village = await db
    .selectFrom('users')
    .select(['jurisdiction_code', 'jpath'])
    .where('username', '=', 'demo.village')
    .executeTakeFirst();
  if (!investigator || !admin || !isolation || !village) return null;
  const townCode = village.jurisdiction_code.slice(0, 9);

  // The town's people, households first: case 1 and 2 share a household.
  const rows = await db
    .selectFrom('people')
    .select(['id', 'name', 'id_cipher', 'household_id'])
    .where('jpath', 'like', `${townCode}%`)
    .orderBy('household_id')
    .orderBy('id')
    .limit(400)
    .execute();
  const people: DemoPerson[] = rows.map((r) => ({
    id: r.id,
    name: r.name,
    idNumber: pii.decrypt(r.id_cipher),
    householdId: r.household_id,
  }));
  const byHousehold = new Map<string, DemoPerson[]>();
  for (const p of people) {
    if (!p.householdId) continue;
    byHousehold.set(p.householdId, [...(byHousehold.get(p.householdId) ?? []), p]);
  }
  const family = [...byHousehold.values()].find((h) => h.length >= 3);
  if (!family) return null;
  const [index, spouse, child] = family as [DemoPerson, DemoPerson, DemoPerson];
  const others = people.filter((p) => !family.includes(p));
  const neighbour = others[0]!;
  const third = others[1]!;
  // The crowd at the market and the shop: people of the whole county (the demo town is small).
  const crowdRows = await db
    .selectFrom('people')
    .select(['id', 'name', 'id_cipher', 'household_id'])
    .where('jpath', 'like', `${townCode.slice(0, 6)}%`)
    .where(
      'id',
      'not in',
      [...family, neighbour, third].map((p) => p.id),
    )
    .orderBy('id')
    .limit(200)
    .execute();
  const crowd: DemoPerson[] = crowdRows.map((r) => ({
    id: r.id,
    name: r.name,
    idNumber: pii.decrypt(r.id_cipher),
    householdId: r.household_id,
  }));

  const now = Date.now();
  const today = cstDate(new Date(now));
  const at = (msAgo: number) => new Date(now - msAgo).toISOString();

  const team = await createTeam(admin, {
    name: '落垡镇流调一组',
    area: townCode,
    leaderId: investigator.actor.userId,
    memberIds: [investigator.actor.userId],
  });
  void team;

  // Around the county seat of 安次区; the cells follow from the coordinates.
  const market = await createVenue(investigator, {
    code: 'LF-AC-MKT-0001',
    name: '落垡镇农贸市场',
    kind: '农贸市场',
    address: '落垡镇落垡村',
    lat: 39.4562,
    lng: 116.6021,
    place: townCode,
  });
  const shop = await createVenue(investigator, {
    code: 'LF-AC-SPM-0002',
    name: '惠民超市（落垡店）',
    kind: '超市',
    address: '落垡镇商业街8号',
    lat: 39.4598,
    lng: 116.6105,
    place: townCode,
  });

  // Case 1: reported 26 hours ago; onset two days before.
  const reported1 = now - 26 * HOUR;
  const case1 = await createCase(investigator, {
    personId: index.id,
    classification: 'confirmed',
    foundIn: 'community',
    source: 'hospital',
    onsetDate: addDays(today, -2),
    sampledDate: addDays(today, -1),
    reportedAt: new Date(reported1).toISOString(),
    isolatedAt: new Date(reported1 + 2 * HOUR).toISOString(),
    lineage: 'BA.2',
  });
  const marketVisit = now - 50 * HOUR;
  await addItinerary(investigator, case1.id, {
    placeKind: 'venue',
    venueId: market.id,
    fromAt: new Date(marketVisit).toISOString(),
    toAt: new Date(marketVisit + HOUR).toISOString(),
    activity: '买菜',
  });
  await addItinerary(investigator, case1.id, {
    placeKind: 'venue',
    venueId: shop.id,
    fromAt: new Date(marketVisit + 8 * HOUR).toISOString(),
    toAt: new Date(marketVisit + 8 * HOUR + 40 * MIN).toISOString(),
    activity: '购物',
  });
  await addItinerary(investigator, case1.id, {
    placeKind: 'address',
    place: '廊坊市安次区某物流园（工作单位）',
    lat: 39.4801,
    lng: 116.6623,
    fromAt: new Date(marketVisit + 24 * HOUR).toISOString(),
    toAt: new Date(marketVisit + 32 * HOUR).toISOString(),
    activity: '上班',
  });
  await logCall(investigator, case1.id, {
    number: '13800138000',
    outcome: 'no_answer',
    calledAt: at(25.8 * HOUR),
  });
  await logCall(investigator, case1.id, {
    number: '13800138000',
    outcome: 'reached',
    calledAt: at(25.5 * HOUR),
  });

  const exposure = new Date(now - 27 * HOUR).toISOString();
  const spouseContact = await addCaseContact(investigator, case1.id, {
    personId: spouse.id,
    name: spouse.name,
    relationship: '配偶',
    exposureType: 'household',
    lastExposureAt: exposure,
  });
  const childContact = await addCaseContact(investigator, case1.id, {
    personId: child.id,
    name: child.name,
    relationship: '子女',
    exposureType: 'household',
    lastExposureAt: exposure,
  });
  await addCaseContact(investigator, case1.id, {
    name: '王某某',
    phone: '13911112222',
    relationship: '同事',
    exposureType: 'work',
    lastExposureAt: new Date(marketVisit + 30 * HOUR).toISOString(),
    outsideRegion: '北京市朝阳区',
  });
  await addContactOfContact(investigator, spouseContact.contact.id, {
    personId: neighbour.id,
    name: neighbour.name,
    relationship: '邻居（同桌用餐）',
    exposureType: 'meal',
    lastExposureAt: new Date(now - 24 * HOUR).toISOString(),
  });
  for (const c of [spouseContact, childContact]) {
    await changeStatus(isolation, c.contact.id, { status: 'notified', at: at(24 * HOUR) });
    await changeStatus(isolation, c.contact.id, { status: 'central_isolation', at: at(22 * HOUR) });
  }
  await markClock(investigator, case1.id, {
    clock: 'onScene',
    at: new Date(reported1 + 90 * MIN).toISOString(),
  });
  await markClock(investigator, case1.id, {
    clock: 'coreInfo',
    at: new Date(reported1 + 3.5 * HOUR).toISOString(),
  });
  await markClock(investigator, case1.id, {
    clock: 'report',
    at: new Date(reported1 + 20 * HOUR).toISOString(),
  }).catch(
    () => undefined, // the report clock may wait for contacts the scene leaves uncontrolled
  );

  // Case 2: the spouse turned positive in isolation.
  const reported2 = now - 3 * HOUR;
  const case2 = await createCase(investigator, {
    personId: spouse.id,
    classification: 'asymptomatic',
    foundIn: 'isolation',
    source: 'manual',
    sampledDate: today,
    reportedAt: new Date(reported2).toISOString(),
  });
  await markClock(investigator, case2.id, {
    clock: 'onScene',
    at: new Date(reported2 + 70 * MIN).toISOString(),
  });

  // Case 3: a community case who was at the same market.
  const case3 = await createCase(investigator, {
    personId: third.id,
    classification: 'asymptomatic',
    foundIn: 'community',
    source: 'manual',
    sampledDate: today,
    reportedAt: at(40 * MIN),
  });
  await addItinerary(investigator, case3.id, {
    placeKind: 'venue',
    venueId: market.id,
    fromAt: new Date(marketVisit + 20 * MIN).toISOString(),
    toAt: new Date(marketVisit + 70 * MIN).toISOString(),
    activity: '卖菜（摊主）',
  });

  // Big data: scans at the market and the shop around case 1's visits, pings around the market.
  const iso = (ms: number) => new Date(ms).toISOString();
  const scans = ['身份证号,场所码,时间', `${index.idNumber},${market.code},${iso(marketVisit + 5 * MIN)}`];
  crowd.slice(0, 120).forEach((p, i) => {
    // Spread from 2 h before to 2 h after the visit: some inside ±30 min, most outside.
    const offset = ((i * 37) % 240) - 120;
    scans.push(`${p.idNumber},${market.code},${iso(marketVisit + offset * MIN)}`);
  });
  crowd.slice(120, 160).forEach((p, i) => {
    scans.push(
      `${p.idNumber},${shop.code},${iso(marketVisit + 8 * HOUR + ((i * 13) % 90) * MIN - 20 * MIN)}`,
    );
  });
  const pings = ['身份证号,纬度,经度,时间'];
  for (let m = 0; m < 60; m += 5)
    pings.push(`${index.idNumber},39.4562,116.6021,${iso(marketVisit + m * MIN)}`);
  crowd.slice(160, 200).forEach((p, i) => {
    const minutes = 5 + (i % 6) * 5; // 5 to 30 minutes beside case 1
    for (let m = 0; m < minutes; m += 5) {
      pings.push(`${p.idNumber},39.4563,116.6022,${iso(marketVisit + 10 * MIN + m * MIN)}`);
    }
  });
  const load = (kind: 'venue' | 'ping', lines: string[]) =>
    ingestExposures(investigator, kind, Readable.from([Buffer.from(lines.join('\n') + '\n')]), {
      fileName: `demo-${kind}.csv`,
    });
  const venueImport = await load('venue', scans);
  const pingImport = await load('ping', pings);

  await createOutgoing(investigator, {
    caseId: case1.id,
    subject: 'case',
    targetRegion: '北京市',
    peer: '北京市疾病预防控制中心',
  }).catch(() => undefined);

  await recomputeClusters(db);
  const contacts = await db
    .selectFrom('contacts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return {
    cases: 3,
    contacts: Number(contacts?.n ?? 0),
    events: venueImport.loadedRows + pingImport.loadedRows,
  };
}
