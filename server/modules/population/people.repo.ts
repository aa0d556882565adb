/**
 * Writes to the population ledger that every writer shares (manual edits, the importer): upsert of
 * people by ID-number hash with field-level history, find-or-create of households, special
 * populations. All take the caller's transaction.
 */
import { type Kysely, type Transaction, sql } from 'kysely';
import type { Database, NewPerson } from '../../db/schema.js';
import type { PiiCipher } from '../../platform/pii.js';
import { type ComparableRow, diffPerson } from './person.codec.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface WriteMeta {
  actorId: string | null;
  /** 'edit', 'import', 'synthetic' … recorded with every change. */
  source: string;
  importId?: string | null;
}

export interface UpsertResult {
  /** Person id per input row, in input order. */
  ids: string[];
  outcomes: Array<'inserted' | 'updated' | 'unchanged'>;
  inserted: number;
  updated: number;
  unchanged: number;
}

type Existing = ComparableRow & { id: string; county_code: string; id_hash: Uint8Array };

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/**
 * People by the hash of their ID number, city-wide. On a distributed database this is an index
 * lookup on each shard (people_id_hash), not a join.
 */
export async function findByIdHashes(db: Db, hashes: Uint8Array[]): Promise<Existing[]> {
  if (hashes.length === 0) return [];
  return db
    .selectFrom('people')
    .select([
      'id',
      'county_code',
      'id_hash',
      'name',
      'phone_hash',
      'phone_masked',
      'phone2_hash',
      'phone2_masked',
      'residence_type',
      'registered_address',
      'work_unit',
      'emergency_name',
      'emergency_phone_cipher',
      'emergency_phone_masked',
      'notes',
      'relation',
      'unit',
      'room',
      'village_code',
      'grid_code',
      'building_code',
      'household_id',
    ])
    .where(
      'id_hash',
      'in',
      hashes.map((h) => Buffer.from(h)),
    )
    .execute();
}

/**
 * Inserts new people and updates changed ones, recording each changed field in person_changes
 * (identifiers masked). Rows whose stored values already match are left alone: re-sending the same
 * data changes nothing, not even updated_at. Rows must have distinct ID numbers.
 */
export async function upsertPeople(
  tx: Db,
  pii: PiiCipher,
  rows: NewPerson[],
  meta: WriteMeta,
): Promise<UpsertResult> {
  const existing = await findByIdHashes(
    tx,
    rows.map((r) => r.id_hash),
  );
  const byHash = new Map(existing.map((e) => [hex(e.id_hash), e]));
  const ids: string[] = new Array<string>(rows.length);
  const outcomes: UpsertResult['outcomes'] = new Array<UpsertResult['outcomes'][number]>(rows.length);
  const toInsert: Array<{ index: number; row: NewPerson }> = [];
  const history: Array<Parameters<typeof insertChanges>[1][number]> = [];

  for (const [index, row] of rows.entries()) {
    const current = byHash.get(hex(row.id_hash));
    if (!current) {
      toInsert.push({ index, row });
      continue;
    }
    ids[index] = current.id;
    const changes = diffPerson(pii, current, row);
    if (changes.length === 0) {
      outcomes[index] = 'unchanged';
      continue;
    }
    outcomes[index] = 'updated';
    const set: Record<string, unknown> = { updated_at: sql`now()`, version: sql`version + 1` };
    for (const change of changes) {
      switch (change.field) {
        case 'phone':
          Object.assign(set, {
            phone_hash: row.phone_hash,
            phone_cipher: row.phone_cipher,
            phone_masked: row.phone_masked,
          });
          break;
        case 'phone2':
          Object.assign(set, {
            phone2_hash: row.phone2_hash,
            phone2_cipher: row.phone2_cipher,
            phone2_masked: row.phone2_masked,
          });
          break;
        case 'emergency_phone':
          Object.assign(set, {
            emergency_phone_cipher: row.emergency_phone_cipher,
            emergency_phone_masked: row.emergency_phone_masked,
          });
          break;
        default:
          set[change.field] = row[change.field] ?? null;
      }
    }
    // A move changes the place columns; the path and county follow the row.
    set.jpath = row.jpath;
    set.county_code = row.county_code;
    await tx
      .updateTable('people')
      .set(set)
      .where('county_code', '=', current.county_code)
      .where('id', '=', current.id)
      .execute();
    if (
      changes.some(
        (c) => c.field === 'village_code' || c.field === 'grid_code' || c.field === 'building_code',
      )
    ) {
      // Special-population entries live where their person lives (registers are read by place).
      await tx
        .updateTable('special_populations')
        .set({
          jpath: row.jpath,
          village_code: row.village_code,
          county_code: row.county_code,
          updated_at: sql`now()`,
        })
        .where('county_code', '=', current.county_code)
        .where('person_id', '=', current.id)
        .execute();
    }
    for (const change of changes) {
      history.push({
        county_code: row.county_code,
        person_id: current.id,
        jpath: row.jpath,
        actor_id: meta.actorId,
        source: meta.source,
        import_id: meta.importId ?? null,
        field: change.field,
        old_value: change.old,
        new_value: change.new,
      });
    }
  }

  if (toInsert.length > 0) {
    const inserted = await tx
      .insertInto('people')
      .values(toInsert.map((t) => t.row))
      .returning(['id', 'id_hash'])
      .execute();
    const newIds = new Map(inserted.map((r) => [hex(r.id_hash), r.id]));
    for (const { index, row } of toInsert) {
      ids[index] = newIds.get(hex(row.id_hash))!;
      outcomes[index] = 'inserted';
    }
  }
  await insertChanges(tx, history);
  return {
    ids,
    outcomes,
    inserted: toInsert.length,
    updated: outcomes.filter((o) => o === 'updated').length,
    unchanged: outcomes.filter((o) => o === 'unchanged').length,
  };
}

async function insertChanges(
  tx: Db,
  rows: Array<{
    county_code: string;
    person_id: string;
    jpath: string;
    actor_id: string | null;
    source: string;
    import_id: string | null;
    field: string;
    old_value: string | null;
    new_value: string | null;
  }>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await tx
      .insertInto('person_changes')
      .values(rows.slice(i, i + 1000))
      .execute();
  }
}

/** Identifies a household: its place and address (a building's unit and room, or a village address). */
export interface HouseholdKey {
  countyCode: string;
  villageCode: string;
  gridCode: string | null;
  buildingCode: string | null;
  unit: string | null;
  room: string | null;
  address: string;
  jpath: string;
}

/** "3", "3单元" and " 3 " are one unit; "301", "301室" and "301号" one room. */
export function normaliseUnit(unit: string | null): string {
  return (unit ?? '').trim().replace(/单元$/, '').trim();
}
export function normaliseRoom(room: string | null): string {
  return (room ?? '')
    .trim()
    .replace(/[室号]$/, '')
    .trim();
}

export function householdKeyString(k: HouseholdKey): string {
  return [k.villageCode, k.buildingCode ?? '', normaliseUnit(k.unit), normaliseRoom(k.room), k.address].join(
    '|',
  );
}

const keyOfRow = (h: {
  village_code: string;
  building_code: string | null;
  unit: string | null;
  room: string | null;
  address: string;
}): string =>
  [h.village_code, h.building_code ?? '', normaliseUnit(h.unit), normaliseRoom(h.room), h.address].join('|');

/** Household ids for the keys (by householdKeyString), creating those that do not exist yet. */
export async function resolveHouseholds(
  tx: Db,
  keys: HouseholdKey[],
  source: string,
): Promise<Map<string, string>> {
  const unique = new Map(keys.map((k) => [householdKeyString(k), k]));
  const result = new Map<string, string>();
  if (unique.size === 0) return result;
  const list = [...unique.values()];
  const found = await tx
    .selectFrom('households')
    .select(['id', 'village_code', 'building_code', 'unit', 'room', 'address'])
    .where('county_code', 'in', [...new Set(list.map((k) => k.countyCode))])
    .where('village_code', 'in', [...new Set(list.map((k) => k.villageCode))])
    .where('address', 'in', [...new Set(list.map((k) => k.address))])
    .execute();
  for (const h of found) {
    const key = keyOfRow(h);
    if (unique.has(key)) result.set(key, h.id);
  }
  const missing = list.filter((k) => !result.has(householdKeyString(k)));
  if (missing.length > 0) {
    const created = await tx
      .insertInto('households')
      .values(
        missing.map((k) => ({
          county_code: k.countyCode,
          jpath: k.jpath,
          village_code: k.villageCode,
          grid_code: k.gridCode,
          building_code: k.buildingCode,
          unit: k.unit,
          room: k.room,
          address: k.address,
          source,
        })),
      )
      .returning(['id', 'village_code', 'building_code', 'unit', 'room', 'address'])
      .execute();
    for (const h of created) result.set(keyOfRow(h), h.id);
  }
  return result;
}

export interface SpecialInput {
  countyCode: string;
  personId: string;
  kind: string;
  jpath: string;
  villageCode: string;
  details: Record<string, unknown>;
  since: string | null;
}

/** Adds or updates special-population entries; an entry whose details are unchanged is left alone. */
export async function upsertSpecials(tx: Db, entries: SpecialInput[]): Promise<number> {
  let changed = 0;
  for (let i = 0; i < entries.length; i += 500) {
    const batch = entries.slice(i, i + 500);
    const result = await tx
      .insertInto('special_populations')
      .values(
        batch.map((e) => ({
          county_code: e.countyCode,
          person_id: e.personId,
          kind: e.kind,
          jpath: e.jpath,
          village_code: e.villageCode,
          details: JSON.stringify(e.details),
          since: e.since,
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['county_code', 'person_id', 'kind'])
          .doUpdateSet({
            details: sql`excluded.details`,
            since: sql`coalesce(excluded.since, special_populations.since)`,
            jpath: sql`excluded.jpath`,
            village_code: sql`excluded.village_code`,
            updated_at: sql`now()`,
          })
          .where(
            sql<boolean>`(special_populations.details, special_populations.jpath) is distinct from (excluded.details, excluded.jpath)`,
          ),
      )
      .executeTakeFirst();
    changed += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return changed;
}
