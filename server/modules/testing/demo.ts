/**
 * Demo mode's mass-testing round, so the testing pages have something to show on the first start:
 * a round over the demo county (its demo town a controlled zone, one grid of the demo village
 * sealed), a site and team per village of the demo town, a county lab and a mobile lab, and the
 * town's people about four-fifths sampled, shipped, received and mostly resulted — one positive and
 * one invalid pool among them, so the alerts, recall and recheck tasks are there too. Everything
 * goes through the module's own services, as the demo accounts would do it by hand.
 */
import { samplingCodeOf } from '../../../domain/testing.js';
import type { DatabaseHandle } from '../../db/connect.js';
import type { PiiCipher } from '../../platform/pii.js';
import { demoContext } from '../system/demo-context.js';
import { type ScanRow, ingestScans } from './bulk.service.js';
import { type ResultRow, recordResults } from './lab.results.js';
import { receiveBox, shipBox } from './lab.service.js';
import { createRound } from './rounds.service.js';
import { closeTube } from './sampling.service.js';
import { addTeam, createLab, createSite } from './sites.service.js';

const HOUR = 3600_000;

export interface DemoTestingSummary {
  roundId: string;
  sampled: number;
  tubes: number;
}

export async function ensureDemoTesting(
  handle: DatabaseHandle,
  pii: PiiCipher,
): Promise<DemoTestingSummary | null> {
  const db = handle.db;
  if (await db.selectFrom('testing_rounds').select('id').limit(1).executeTakeFirst()) return null;
  const [planner, sampler, lab] = await Promise.all([
    demoContext(handle, pii, 'demo.county'),
    demoContext(handle, pii, 'demo.sampler'),
    demoContext(handle, pii, 'demo.lab'),
  ]);
  const villageUser = await db
    .selectFrom('users')
    .select('jurisdiction_code')
    .where('username', '=', 'demo.village')
    .executeTakeFirst();
  const gridUser = await db
    .selectFrom('users')
    .select('jurisdiction_code')
    .where('username', '=', 'demo.grid')
    .executeTakeFirst();
  if (!planner || !sampler || !lab || !villageUser || !gridUser) return null;
  const town = sampler.actor;

  const round = await createRound(planner, {
    name: '第1轮区域核酸检测（演示）',
    areas: [
      { code: planner.actor.jurisdictionCode, zone: 'prevention' },
      { code: town.jurisdictionCode, zone: 'controlled' },
      { code: gridUser.jurisdiction_code, zone: 'sealed' },
    ],
    startsAt: new Date(Date.now() - 6 * HOUR).toISOString(),
    endsAt: new Date(Date.now() + 18 * HOUR).toISOString(),
  });
  const villages = await db
    .selectFrom('jurisdictions')
    .select(['code', 'short_name', 'jpath'])
    .where('parent_code', '=', town.jurisdictionCode)
    .where('level', '=', 'village')
    .orderBy('code')
    .execute();
  const siteOf = new Map<string, string>();
  for (const v of villages) {
    const site = await createSite(planner, {
      name: `${v.short_name}采样点`,
      jurisdiction: v.code,
      hours: '06:00–22:00',
      tables: 2,
    });
    await addTeam(planner, site.id, { name: `${v.short_name}采样队`, leader: null, samplers: 4, helpers: 2 });
    siteOf.set(v.code, site.id);
  }
  const countyLab = await createLab(planner, {
    code: 'DEMO-CDC',
    name: '区疾控中心实验室',
    kind: 'fixed',
    capacityPerDay: 30_000,
    jurisdiction: planner.actor.jurisdictionCode,
  });
  await createLab(planner, {
    code: 'DEMO-MOBILE',
    name: '气膜方舱实验室（移动）',
    kind: 'mobile',
    capacityPerDay: 50_000,
    jurisdiction: planner.actor.jurisdictionCode,
  });

  // The town's people, about four in five sampled at their village's site; the sealed grid's
  // people are left to door-to-door sampling (they do not leave home), so they show as missing.
  const people = await db
    .selectFrom('people')
    .select(['id', 'village_code', 'jpath'])
    .where('jpath', 'like', `${town.jpath}%`)
    .orderBy('jpath')
    .orderBy('id')
    .execute();
  const sealedPath = (
    await db
      .selectFrom('jurisdictions')
      .select('jpath')
      .where('code', '=', gridUser.jurisdiction_code)
      .executeTakeFirstOrThrow()
  ).jpath;
  const rows: ScanRow[] = [];
  let tube = 0;
  let inTube = 0;
  let village = '';
  const started = Date.now() - 5 * HOUR;
  people.forEach((p, i) => {
    if (p.jpath.startsWith(sealedPath) || i % 5 === 4) return;
    if (p.village_code !== village || inTube === 10) {
      village = p.village_code;
      tube++;
      inTube = 0;
    }
    inTube++;
    rows.push({
      barcode: `DEMO${String(tube).padStart(6, '0')}`,
      person: samplingCodeOf(p.id),
      sampledAt: new Date(started + (rows.length % 3600) * 4000).toISOString(),
      siteId: siteOf.get(p.village_code) ?? null,
    });
  });
  const summary = await ingestScans(sampler, round.id, rows, { chunkSize: 5000 });

  // Ship the closed tubes village by village; the last village's box is still on the road (when
  // there is more than one).
  // At the end of the session each site seals its last, part-full tube (封管).
  const open = await db
    .selectFrom('tubes')
    .select('id')
    .where('round_id', '=', round.id)
    .where('status', '=', 'open')
    .execute();
  for (const t of open) await closeTube(sampler, t.id);
  const closed = await db
    .selectFrom('tubes')
    .select(['barcode', 'jpath'])
    .where('round_id', '=', round.id)
    .where('status', '=', 'closed')
    .orderBy('barcode')
    .execute();
  const byVillage = new Map<string, string[]>();
  for (const t of closed) {
    const key = t.jpath.slice(0, 12);
    byVillage.set(key, [...(byVillage.get(key) ?? []), t.barcode]);
  }
  const boxes = [...byVillage.values()];
  const received: string[] = [];
  for (const [i, barcodes] of boxes.entries()) {
    const box = await shipBox(sampler, {
      roundId: round.id,
      labId: countyLab.id,
      code: `DEMO-BOX-${i + 1}`,
      barcodes,
    });
    if (i < boxes.length - 1 || boxes.length === 1) {
      await receiveBox(lab, box.id);
      received.push(...barcodes);
    }
  }
  // Most received tubes resulted: one positive pool and one invalid among them; a few pending.
  const resulted = received.filter((_, i) => i % 9 !== 8);
  const positive = Math.floor(resulted.length / 3);
  const invalid = Math.floor((resulted.length * 2) / 3);
  const results: ResultRow[] = resulted.map((barcode, i) => ({
    row: i + 2,
    barcode,
    result: i === positive ? '阳性' : i === invalid ? '无效' : '阴性',
    orf1abCt: i === positive ? 27.4 : null,
    nCt: i === positive ? 29.1 : null,
  }));
  await recordResults(lab, countyLab.id, results, { fileName: 'demo-results.csv' });
  return { roundId: round.id, sampled: summary.accepted, tubes: summary.tubesOpened };
}
