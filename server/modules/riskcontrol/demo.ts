/**
 * Demo mode's risk-control scene, through the module's services as the demo accounts would do it:
 *
 * - the village of the tracing demo's first case sealed (its gate made), linked to that case; the
 *   third case's village controlled (when it is another village); a prevention zone over the town;
 * - two Beijing-entry stations and a city-border point in the demo town, with today's roster;
 * - a supply-vehicle pass (三定) applied for by the demo enterprise liaison with two drivers of the
 *   town and a route through both stations, approved by the county; a commuter pass waiting;
 * - an arrival from a high-risk area marked by the investigator;
 * - every code of the city computed, and a few checks at the stations (one passed, one off route).
 */
import { addDays, cstDate } from '../../../domain/tracing.js';
import type { DatabaseHandle } from '../../db/connect.js';
import type { PiiCipher } from '../../platform/pii.js';
import type { SigningKeys } from '../../platform/signing.js';
import { demoContext } from '../system/demo-context.js';
import { setShift } from './checkpoints.roster.js';
import { createCheckpoint } from './checkpoints.service.js';
import { countyPaths, recomputeCodes } from './codes.recompute.js';
import { createMark } from './codes.service.js';
import { applyPass, decidePass } from './passes.service.js';
import { verifyAtCheckpoint } from './verify.service.js';
import { declareZone } from './zones.service.js';

const HOUR = 3600_000;

export interface DemoRiskSummary {
  zones: number;
  checkpoints: number;
  passes: number;
  red: number;
  yellow: number;
}

export async function ensureDemoRiskControl(
  handle: DatabaseHandle,
  pii: PiiCipher,
  signing: SigningKeys,
  city: string,
): Promise<DemoRiskSummary | null> {
  const db = handle.db;
  if (await db.selectFrom('zones').select('id').limit(1).executeTakeFirst()) return null;
  const [admin, liaison, investigator, officer] = await Promise.all([
    demoContext(handle, pii, 'demo.county'),
    demoContext(handle, pii, 'demo.enterprise'),
    demoContext(handle, pii, 'demo.investigator'),
    demoContext(handle, pii, 'demo.checkpoint'),
  ]);
  if (!admin || !liaison || !investigator || !officer) return null;
  const town = officer.actor.jurisdictionCode;

  // Zones: around the tracing demo's cases (in report order), and the town's prevention zone.
  const cases = await db
    .selectFrom('cases')
    .select(['number', 'jpath'])
    .where('jpath', 'like', `${town.slice(0, 9)}%`)
    .orderBy('reported_at')
    .execute();
  const today = cstDate(new Date());
  let zones = 0;
  const first = cases[0];
  if (first) {
    await declareZone(admin, {
      place: first.jpath.slice(0, 12),
      kind: 'sealed',
      reason: `${first.number} 住所所在村，封控管理`,
      startedOn: addDays(today, -2),
      caseNumbers: [first.number],
    });
    zones++;
    const third = cases[2];
    if (third && third.jpath.slice(0, 12) !== first.jpath.slice(0, 12)) {
      await declareZone(admin, {
        place: third.jpath.slice(0, 12),
        kind: 'controlled',
        reason: `${third.number} 活动区域，管控管理`,
        caseNumbers: [third.number],
      });
      zones++;
    }
  }
  await declareZone(admin, { place: town, kind: 'prevention', reason: '封控区、管控区以外区域，防范管理' });
  zones++;

  // Checkpoints in the town, with today's three shifts at the first station.
  const stations = [
    { code: 'DEMO-BJ-01', name: '进京检查站（一号）', kind: 'beijing_entry' as const },
    { code: 'DEMO-BJ-02', name: '进京检查站（二号）', kind: 'beijing_entry' as const },
    { code: 'DEMO-CB-01', name: '市界检查点', kind: 'city_border' as const },
  ];
  const made = [];
  for (const s of stations) {
    made.push(await createCheckpoint(admin, { ...s, place: town, location: `${s.name}，演示位置` }));
  }
  const station = made[0]!;
  await setShift(admin, station.id, today, 1, {
    staff: [{ userId: officer.actor.userId }, { name: '值守甲' }],
  });
  await setShift(admin, station.id, today, 2, { staff: [{ name: '值守乙' }, { name: '值守丙' }] });
  await setShift(admin, station.id, today, 3, { staff: [{ name: '值守丁' }] });

  // Two green drivers of the town, outside the zones' villages.
  const zoneVillages = [first?.jpath.slice(0, 12), cases[2]?.jpath.slice(0, 12)].filter(Boolean);
  const drivers = (
    await db
      .selectFrom('people')
      .select(['name', 'id_cipher', 'village_code'])
      .where('jpath', 'like', `${town.slice(0, 9)}%`)
      .where('birth_date', '<', '1990-01-01')
      .where('birth_date', '>', '1970-01-01')
      .orderBy('id')
      .limit(50)
      .execute()
  )
    .filter((p) => !zoneVillages.includes(p.village_code))
    .slice(0, 3);
  let passes = 0;
  if (drivers.length === 3) {
    const pass = await applyPass(liaison, {
      type: 'supply_vehicle',
      organisation: '北京某某超市保供有限公司',
      plate: '冀R·D0001',
      vehicle: '厢式货车 白色 4.2米',
      holders: drivers
        .slice(0, 2)
        .map((d) => ({ role: 'driver', name: d.name, idNumber: pii.decrypt(d.id_cipher) })),
      route: ['DEMO-BJ-01', 'DEMO-BJ-02'],
      origin: '廊坊市安次区物流园',
      destination: '北京市朝阳区某某超市',
      purpose: '生活物资保供',
      validFrom: new Date(Date.now() - HOUR).toISOString(),
      validUntil: new Date(Date.now() + 6 * 24 * HOUR).toISOString(),
    });
    const approved = await decidePass(admin, signing, pass.id, {
      decision: 'approve',
      note: '三定信息核实无误',
    });
    passes++;
    await applyPass(liaison, {
      type: 'commuter',
      organisation: '北京某某科技有限公司',
      holders: [{ role: 'holder', name: drivers[2]!.name, idNumber: pii.decrypt(drivers[2]!.id_cipher) }],
      route: [],
      destination: '北京市大兴区',
      purpose: '进京通勤',
      validFrom: new Date().toISOString(),
      validUntil: new Date(Date.now() + 14 * 24 * HOUR).toISOString(),
    });
    passes++;
    if (approved.token) {
      const certificates = ['residence' as const];
      await verifyAtCheckpoint(officer, signing, made[0]!.id, { scan: approved.token, certificates });
      await verifyAtCheckpoint(officer, signing, made[2]!.id, { scan: approved.token, certificates });
    }
  }

  // An arrival from a high-risk area two days ago: red for five more days.
  const arrived = await db
    .selectFrom('people')
    .select('id')
    .where('jpath', 'like', `${town.slice(0, 9)}%`)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (arrived) {
    await createMark(investigator, {
      personId: arrived.id,
      kind: 'arrival',
      onDate: addDays(today, -2),
      risk: 'high',
      source: '上海市浦东新区',
      note: '返廊人员登记',
    });
  }

  const summary = await recomputeCodes(handle, await countyPaths(db, city));
  return { zones, checkpoints: made.length, passes, red: summary.red, yellow: summary.yellow };
}
