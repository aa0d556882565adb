/**
 * Lockdown gates (DOMAIN.md "Passes and checkpoints": one entrance per village or community,
 * staffed in three shifts, people only). Sealing a jurisdiction at village level or above — a
 * Hebei sealed zone or a 9th-edition high-risk area — gives every village and community in it
 * (jurisdictions of level 'village') a `community_gate` checkpoint:
 *
 * - code `G` + the village's 12-digit code (unique city-wide: the code is), name `<简称>卡口`,
 *   the policy `communityGatePolicy()`, `zone_id` = the zone that made it;
 * - a village that already has an active gate keeps it (whoever made it);
 * - a village whose gate an earlier lockdown made and lifting deactivated gets that gate back
 *   (same code, roster and check log), now belonging to this zone.
 *
 * Set-based: one UPDATE and one INSERT … SELECT whatever the size (all of Langfang is ~3,000
 * villages), never a round trip per village.
 *
 * Ending a zone releases its gates: a gate still covered by another active sealing zone passes to
 * the most specific such zone; the others are deactivated (active = false, history kept).
 */
import { sql, type Transaction } from 'kysely';
import { communityGatePolicy } from '../../../domain/checkpoint-policy.js';
import type { Database } from '../../db/schema.js';
import type { ZoneRow } from './zones.facts.js';

/** Kinds that seal (lock down) the place they cover. */
export const SEALING_KINDS: readonly ZoneRow['kind'][] = ['sealed', 'high'];

const VILLAGE_OR_ABOVE = /^\d+$/; // grids and buildings have '/' segments in their path

export function sealsGates(zone: Pick<ZoneRow, 'kind' | 'jpath'>): boolean {
  return SEALING_KINDS.includes(zone.kind) && VILLAGE_OR_ABOVE.test(zone.jpath);
}

const likePrefix = (jpath: string) => `${jpath.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Creates (or takes back) the gates of a sealing zone; returns how many of each. */
export async function lockDown(
  tx: Transaction<Database>,
  zone: ZoneRow,
  by: string | null,
): Promise<{ created: number; reactivated: number; kept: number; villages: number }> {
  if (!sealsGates(zone)) return { created: 0, reactivated: 0, kept: 0, villages: 0 };
  const prefix = likePrefix(zone.jpath);
  const county = zone.county_code.endsWith('00') ? null : zone.county_code;
  const inCounty = (alias: string) =>
    county ? sql`${sql.ref(`${alias}.county_code`)} = ${county}` : sql`true`;
  const policy = JSON.stringify(communityGatePolicy());

  // Gates an earlier lockdown made and a lifting deactivated: back in service, for this zone.
  const reactivated = await sql`
    update checkpoints g set active = true, zone_id = ${zone.id}, updated_at = now(), version = g.version + 1
      from jurisdictions j
     where j.level = 'village' and ${inCounty('j')} and j.jpath like ${prefix}
       and g.county_code = j.county_code and g.code = 'G' || j.code
       and g.kind = 'community_gate' and not g.active and g.jpath = j.jpath
       and not exists (select 1 from checkpoints a
                        where a.county_code = j.county_code and a.jpath = j.jpath
                          and a.kind = 'community_gate' and a.active)`.execute(tx);

  // Every other village without an active gate gets one. ON CONFLICT: a concurrent lockdown of an
  // overlapping place made it first (the partial unique index on active gates), or the code is taken.
  const created = await sql`
    insert into checkpoints (county_code, jpath, code, name, kind, policy, zone_id, created_by)
    select j.county_code, j.jpath, 'G' || j.code, j.short_name || '卡口', 'community_gate',
           ${policy}::jsonb, ${zone.id}, ${by}
      from jurisdictions j
     where j.level = 'village' and ${inCounty('j')} and j.jpath like ${prefix}
       and not exists (select 1 from checkpoints a
                        where a.county_code = j.county_code and a.jpath = j.jpath
                          and a.kind = 'community_gate' and a.active)
    on conflict do nothing`.execute(tx);

  const { rows } = await sql<{ villages: number }>`
    select count(*)::int as villages from jurisdictions j
     where j.level = 'village' and ${inCounty('j')} and j.jpath like ${prefix}`.execute(tx);
  const villages = rows[0]?.villages ?? 0;
  const made = Number(created.numAffectedRows ?? 0);
  const back = Number(reactivated.numAffectedRows ?? 0);
  return { created: made, reactivated: back, kept: villages - made - back, villages };
}

/**
 * Releases the gates of a zone that ended: a gate another active sealing zone still covers passes
 * to it (the most specific one); the rest are deactivated. Returns how many were deactivated.
 */
export async function releaseGates(tx: Transaction<Database>, zone: ZoneRow): Promise<number> {
  const sealing = SEALING_KINDS as readonly string[];
  await sql`
    update checkpoints g
       set zone_id = cover.id, updated_at = now(), version = g.version + 1
      from (select c.county_code, c.id as gate_id,
                   (select z.id from zones z
                     where z.status = 'active' and z.kind = any(${sealing}::text[]) and z.id <> ${zone.id}
                       and z.county_code in (c.county_code, substr(c.county_code, 1, 4) || '00')
                       and c.jpath like z.jpath || '%'
                     order by length(z.jpath) desc limit 1) as id
              from checkpoints c
             where c.zone_id = ${zone.id} and c.kind = 'community_gate' and c.active) cover
     where g.county_code = cover.county_code and g.id = cover.gate_id and cover.id is not null`.execute(tx);
  const deactivated = await tx
    .updateTable('checkpoints')
    .set({ active: false, updated_at: new Date(), version: sql<number>`version + 1` })
    .where('zone_id', '=', zone.id)
    .where('kind', '=', 'community_gate')
    .where('active', '=', true)
    .executeTakeFirst();
  return Number(deactivated.numUpdatedRows);
}
