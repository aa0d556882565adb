/**
 * Zones re-evaluated by the events that can change their lifting state (zones.evaluation.ts):
 *
 * - a case created or changed (`tracing.case_created`, `tracing.case_changed`): the active zones
 *   containing the case's place (its jpath under theirs) or linked to it — a new infection restarts
 *   their quiet days, a changed sampling day moves them;
 * - a zone that changed (`risk.zone_changed`): the active prevention zones of its county, which
 *   wait for the county's sealed and controlled zones.
 *
 * Each zone is evaluated for today (China time) in the handler's transaction; the outbox records
 * the handler per event, so a re-delivered event does nothing twice.
 */
import type { Transaction } from 'kysely';
import { ancestorPaths } from '../../../domain/jurisdiction.js';
import type { Database } from '../../db/schema.js';
import type { EventHandler, OutboxEvent } from '../../platform/outbox.js';
import { CASE_CREATED } from '../tracing/cases.create.js';
import { CASE_CHANGED } from '../tracing/cases.service.js';
import { ZONE_CHANGED } from './riskcontrol.topics.js';
import { evaluateZone, todayCst } from './zones.evaluation.js';

async function zonesOfCase(tx: Transaction<Database>, caseId: string): Promise<string[]> {
  const kase = await tx
    .selectFrom('cases')
    .select(['id', 'county_code', 'jpath'])
    .where('id', '=', caseId)
    .executeTakeFirst();
  if (!kase) return [];
  const paths = [...ancestorPaths(kase.jpath), kase.jpath];
  const rows = await tx
    .selectFrom('zones as z')
    .select('z.id')
    .where('z.status', '=', 'active')
    .where((eb) =>
      eb.or([
        eb.and([
          eb('z.county_code', 'in', [kase.county_code, `${kase.county_code.slice(0, 4)}00`]),
          eb('z.jpath', 'in', paths),
        ]),
        eb('z.id', 'in', eb.selectFrom('zone_cases').select('zone_id').where('case_id', '=', kase.id)),
      ]),
    )
    .execute();
  return rows.map((r) => r.id);
}

async function preventionZonesOf(tx: Transaction<Database>, zoneId: string): Promise<string[]> {
  const zone = await tx
    .selectFrom('zones')
    .select(['county_code'])
    .where('id', '=', zoneId)
    .executeTakeFirst();
  if (!zone) return [];
  const rows = await tx
    .selectFrom('zones')
    .select('id')
    .where('status', '=', 'active')
    .where('kind', '=', 'prevention')
    .where('id', '<>', zoneId)
    .where('county_code', 'in', [zone.county_code, `${zone.county_code.slice(0, 4)}00`])
    .execute();
  return rows.map((r) => r.id);
}

export const zoneEvaluationHandler: EventHandler = {
  name: 'risk.zones_reevaluate',
  topics: [CASE_CREATED, CASE_CHANGED, ZONE_CHANGED],
  async handle(tx: Transaction<Database>, event: OutboxEvent): Promise<void> {
    const payload = event.payload as { caseId?: unknown; zoneId?: unknown };
    const ids =
      event.topic === ZONE_CHANGED
        ? typeof payload.zoneId === 'string'
          ? await preventionZonesOf(tx, payload.zoneId)
          : []
        : typeof payload.caseId === 'string'
          ? await zonesOfCase(tx, payload.caseId)
          : [];
    const today = todayCst();
    for (const id of ids) await evaluateZone(tx, id, today, null, { force: true });
  },
};

export const zoneHandlers: readonly EventHandler[] = [zoneEvaluationHandler];
