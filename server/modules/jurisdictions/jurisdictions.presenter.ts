import type { Static } from 'typebox';
import type { Level } from '../../../domain/jurisdiction.js';
import type { JurisdictionSummary } from './jurisdictions.repo.js';
import type { Jurisdiction } from './jurisdictions.schema.js';

type Extra = { child_count?: number; trail?: string[]; in_scope?: boolean };

/** The JSON shape of a jurisdiction. The materialized path stays inside the server. */
export function presentJurisdiction(row: JurisdictionSummary & Extra): Static<typeof Jurisdiction> {
  return {
    code: row.code,
    name: row.name,
    shortName: row.short_name,
    level: row.level as Level,
    kind: row.kind,
    parentCode: row.parent_code,
    countyCode: row.county_code,
    address: row.address,
    source: row.source,
    ...(row.child_count !== undefined ? { childCount: row.child_count } : {}),
    ...(row.trail !== undefined ? { trail: row.trail } : {}),
    ...(row.in_scope !== undefined ? { inScope: row.in_scope } : {}),
  };
}
