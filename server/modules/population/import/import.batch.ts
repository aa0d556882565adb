/**
 * One batch of ledger rows, written in ONE transaction together with its rejected rows and the
 * job's cursor: a process killed at any moment leaves whole batches or nothing of a batch, and a
 * re-run starts exactly after the last committed one.
 *
 * Merging rules (nothing already stored is lost):
 * - an empty cell, or a column the file does not have, keeps the stored value of an existing person;
 * - a row naming a place that contains the person's stored place (the village of someone registered
 *   in one of its buildings) keeps the stored, more precise place;
 * - a person registered outside the importer's jurisdiction is neither changed nor moved.
 */
import type { Kysely, Transaction } from 'kysely';
import { pathWithin } from '../../../../domain/jurisdiction.js';
import type { Database, ImportRow, NewPerson } from '../../../db/schema.js';
import type { PiiCipher } from '../../../platform/pii.js';
import { type Scope, isInScope } from '../../../platform/scope.js';
import {
  type HouseholdKey,
  type SpecialInput,
  householdKeyString,
  resolveHouseholds,
  upsertPeople,
  upsertSpecials,
} from '../people.repo.js';
import { householdAddress } from '../places.js';
import { type PersonInput, personRow } from '../person.codec.js';
import { type SheetRow, isBlank } from './import.cells.js';
import { FIELD_DEFINITIONS, type ImportField } from './import.fields.js';
import type { ImportPlace, PlaceResolver } from './import.places.js';
import {
  type BatchCounts,
  type ErrorRow,
  type ExistingPerson,
  commitCursor,
  existingPeople,
  insertErrors,
} from './import.repo.js';
import type { SeenIds } from './import.seen.js';
import { rowRecord } from './import.table.js';
import { EXAMPLE_ID } from './import.template.js';
import {
  type ParsedRow,
  type RowAccess,
  type RowProblem,
  type RowResult,
  parseRow,
} from './import.validate.js';

export class Cancelled extends Error {}

export interface BatchContext {
  db: Kysely<Database>;
  pii: PiiCipher;
  job: ImportRow;
  actorId: string | null;
  scope: Scope;
  resolver: PlaceResolver;
  seen: SeenIds;
  headers: string[];
  /** Column index of each mapped field. */
  columns: Partial<Record<ImportField, number>>;
  today: Date;
}

interface Good {
  row: SheetRow;
  parsed: ParsedRow;
  place: ImportPlace;
  hash: Buffer;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function access(ctx: BatchContext, row: SheetRow): RowAccess {
  return {
    cell: (field) => {
      const index = ctx.columns[field];
      return index === undefined ? undefined : (row.cells[index] ?? { kind: 'empty' });
    },
    header: (field) => {
      const index = ctx.columns[field];
      return index === undefined ? FIELD_DEFINITIONS[field].header : ctx.headers[index]!;
    },
  };
}

/**
 * Validates a row and records its ID as seen. Replaying rows before a resumed job's cursor calls
 * this too, so duplicates are judged exactly as in the first run.
 */
export function checkRow(ctx: BatchContext, row: SheetRow): RowResult | null {
  if (row.cells.every((c) => isBlank(c))) return null;
  const cells = access(ctx, row);
  const result = parseRow(cells, ctx.today);
  const name = cells.cell('name');
  if (result.idNumber === EXAMPLE_ID && name?.kind === 'text' && name.text.startsWith('示例')) return null;
  if (result.idNumber) {
    const first = ctx.seen.firstRow(ctx.pii.hash(result.idNumber), row.rowNumber);
    if (first !== null) {
      result.problems.push({
        column: cells.header('idNumber'),
        code: 'duplicate_in_file',
        message: `与第${first}行的身份证号重复`,
      });
      delete result.row;
    }
  }
  return result;
}

/** The rejected row as stored: its original cells, encrypted (they hold ID numbers and phones). */
function errorRow(ctx: BatchContext, row: SheetRow, problems: RowProblem[]): ErrorRow {
  const cells = JSON.stringify(rowRecord(ctx.headers, row));
  return {
    row_number: row.rowNumber,
    problems,
    raw: JSON.stringify({ v: 1, enc: ctx.pii.encrypt(cells).toString('base64') }),
  };
}

export async function importBatch(ctx: BatchContext, rows: SheetRow[]): Promise<BatchCounts> {
  const errors: ErrorRow[] = [];
  const good: Good[] = [];
  for (const row of rows) {
    const result = checkRow(ctx, row);
    if (!result) continue;
    if (!result.row) {
      errors.push(errorRow(ctx, row, result.problems));
      continue;
    }
    const resolved = await ctx.resolver.resolve(result.row.place);
    if ('problem' in resolved) {
      const { field, code, message } = resolved.problem;
      errors.push(errorRow(ctx, row, [{ column: access(ctx, row).header(field), code, message }]));
      continue;
    }
    good.push({
      row,
      parsed: result.row,
      place: resolved.place,
      hash: ctx.pii.hash(result.row.person.idNumber),
    });
  }

  return ctx.db.transaction().execute(async (tx) => {
    const existing = new Map(
      (
        await existingPeople(
          tx,
          good.map((g) => g.hash),
        )
      ).map((e) => [hex(e.id_hash), e]),
    );
    const writable: Array<
      Good & { current: ExistingPerson | undefined; key: HouseholdKey | null; keep: string | null }
    > = [];
    for (const g of good) {
      const current = existing.get(hex(g.hash));
      if (current && !isInScope(ctx.scope, current.jpath)) {
        const message = '此人已登记在您辖区以外的村（社区），导入不能修改或迁入；请联系其现登记地调整';
        errors.push(
          errorRow(ctx, g.row, [
            { column: access(ctx, g.row).header('idNumber'), code: 'registered_elsewhere', message },
          ]),
        );
        continue;
      }
      writable.push({ ...g, current, ...(await placeOf(ctx, tx, g, current)) });
    }
    const households = await resolveHouseholds(
      tx,
      writable.flatMap((w) => (w.key ? [w.key] : [])),
      'import',
    );
    const people: NewPerson[] = writable.map((w) => {
      const householdId = w.key ? households.get(householdKeyString(w.key))! : w.keep;
      return personOf(ctx.pii, w.parsed, w.place, w.current, householdId);
    });
    const result = await upsertPeople(tx, ctx.pii, people, {
      actorId: ctx.actorId,
      source: 'import',
      importId: ctx.job.id,
    });
    const specials: SpecialInput[] = writable.flatMap((w, i) =>
      w.parsed.specials.map((s) => ({
        countyCode: people[i]!.county_code,
        personId: result.ids[i]!,
        kind: s.kind,
        jpath: people[i]!.jpath,
        villageCode: people[i]!.village_code,
        details: s.details,
        since: null,
      })),
    );
    await upsertSpecials(tx, specials);
    await insertErrors(tx, ctx.job, errors);
    const counts: BatchCounts = {
      rows: rows.length,
      ok: writable.length,
      failed: errors.length,
      inserted: result.inserted,
      updated: result.updated,
      unchanged: result.unchanged,
    };
    if (!(await commitCursor(tx, ctx.job, counts))) throw new Cancelled();
    return counts;
  });
}

/**
 * Where a person ends up, and how their household is found: by key (building or room known), or
 * kept as stored when the row keeps the stored place without new unit or room.
 */
async function placeOf(
  ctx: BatchContext,
  tx: Transaction<Database>,
  g: Good,
  current: ExistingPerson | undefined,
): Promise<{ place: ImportPlace; key: HouseholdKey | null; keep: string | null }> {
  const person = g.parsed.person;
  let place = g.place;
  let unit = person.unit;
  let room = person.room;
  if (current && pathWithin(current.jpath, g.place.jpath)) {
    // The row is less precise than (or as precise as) the stored place: keep the stored one.
    const names = await ctx.resolver.names(tx, current.village_code, current.building_code);
    place = {
      countyCode: current.county_code,
      villageCode: current.village_code,
      gridCode: current.grid_code,
      buildingCode: current.building_code,
      jpath: current.jpath,
      villageName: names.village,
      buildingName: names.building,
    };
    unit ??= current.unit;
    room ??= current.room;
    if (!place.buildingCode && !room) return { place, key: null, keep: current.household_id };
  }
  g.parsed.person.unit = unit;
  g.parsed.person.room = room;
  if (!place.buildingCode && !room) return { place, key: null, keep: null };
  const key: HouseholdKey = {
    countyCode: place.countyCode,
    villageCode: place.villageCode,
    gridCode: place.gridCode,
    buildingCode: place.buildingCode,
    unit,
    room,
    address: householdAddress(place.villageName, place.buildingName, unit, room),
    jpath: place.jpath,
  };
  return { place, key, keep: null };
}

/** The people row: the file's values, and the stored ones where the file has none. */
function personOf(
  pii: PiiCipher,
  parsed: ParsedRow,
  place: ImportPlace,
  current: ExistingPerson | undefined,
  householdId: string | null,
): NewPerson {
  const p = parsed.person;
  const input: PersonInput = {
    ...p,
    residenceType: p.residenceType ?? current?.residence_type ?? 'resident',
    registeredAddress: p.registeredAddress ?? current?.registered_address ?? null,
    workUnit: p.workUnit ?? current?.work_unit ?? null,
    emergencyName: p.emergencyName ?? current?.emergency_name ?? null,
    notes: p.notes ?? current?.notes ?? null,
    relation: p.relation ?? (current?.relation as PersonInput['relation'] | undefined) ?? null,
  };
  const row = personRow(pii, input, { ...place, householdId }, 'import');
  if (current && p.phone === null && current.phone_hash) {
    Object.assign(row, {
      phone_hash: current.phone_hash,
      phone_cipher: current.phone_cipher,
      phone_masked: current.phone_masked,
    });
  }
  if (current && p.phone2 === null && current.phone2_hash) {
    Object.assign(row, {
      phone2_hash: current.phone2_hash,
      phone2_cipher: current.phone2_cipher,
      phone2_masked: current.phone2_masked,
    });
  }
  if (current && p.emergencyPhone === null && current.emergency_phone_cipher) {
    Object.assign(row, {
      emergency_phone_cipher: current.emergency_phone_cipher,
      emergency_phone_masked: current.emergency_phone_masked,
    });
  }
  return row;
}
