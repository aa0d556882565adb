/**
 * Generated villages → COPY text (PostgreSQL's text format: tab-separated, \N for null, bytea as
 * \\x + hex). People go through person.codec.ts personRow(), the function every other writer uses,
 * so their identifiers are encrypted, hashed and masked exactly as imported people's are.
 */
import { maskPhone } from '../../../../domain/idcard.js';
import type { NewPerson } from '../../../db/schema.js';
import type { PiiCipher } from '../../../platform/pii.js';
import { personRow } from '../person.codec.js';
import type { PersonOut, VillageOut } from './village.js';

/** Every generated row says where it came from: --replace deletes exactly these. */
export const SYNTHETIC = 'synthetic';

export const TABLES = ['jurisdictions', 'households', 'people', 'special_populations', 'grid_staff'] as const;
export type Table = (typeof TABLES)[number];

/** The columns a person row is written with (a test checks they cover personRow's output). */
export const PERSON_COLUMNS = [
  'county_code',
  'jpath',
  'village_code',
  'grid_code',
  'building_code',
  'household_id',
  'relation',
  'unit',
  'room',
  'id_hash',
  'id_cipher',
  'id_masked',
  'name',
  'sex',
  'birth_date',
  'phone_hash',
  'phone_cipher',
  'phone_masked',
  'phone2_hash',
  'phone2_cipher',
  'phone2_masked',
  'residence_type',
  'registered_address',
  'work_unit',
  'emergency_name',
  'emergency_phone_cipher',
  'emergency_phone_masked',
  'notes',
  'source',
] as const satisfies ReadonlyArray<keyof NewPerson>;

export const COLUMNS: Record<Table, readonly string[]> = {
  jurisdictions: [
    'code',
    'parent_code',
    'level',
    'kind',
    'name',
    'short_name',
    'jpath',
    'county_code',
    'address',
    'source',
  ],
  households: [
    'id',
    'county_code',
    'jpath',
    'village_code',
    'grid_code',
    'building_code',
    'unit',
    'room',
    'address',
    'kind',
    'source',
  ],
  people: ['id', ...PERSON_COLUMNS],
  special_populations: ['county_code', 'person_id', 'kind', 'jpath', 'village_code', 'details'],
  grid_staff: ['id', 'county_code', 'jpath', 'unit_code', 'role', 'name', 'phone_cipher', 'phone_masked'],
};

type Value = string | number | Uint8Array | null | undefined;

function text(value: Value): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    return /[\\\t\n\r]/.test(value)
      ? value.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!)
      : value;
  }
  const bytes = Buffer.isBuffer(value)
    ? value
    : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return `\\\\x${bytes.toString('hex')}`;
}

// Plain loops and string appends: these run tens of millions of times, and arrays built per row
// for map/join showed up as a third of the rendering time.
function line(values: Value[]): string {
  let s = text(values[0]);
  for (let i = 1; i < values.length; i++) s += '\t' + text(values[i]);
  return s + '\n';
}

function personLine(id: string, row: NewPerson): string {
  let s = id;
  for (const column of PERSON_COLUMNS) s += '\t' + text(row[column]);
  return s + '\n';
}

/** The people row of a generated person, as any other writer would store them. */
export function personRowOf(pii: PiiCipher, p: PersonOut): NewPerson {
  const h = p.household;
  return personRow(
    pii,
    {
      idNumber: p.idNumber,
      name: p.name,
      sex: p.sex,
      birthDate: p.birthDate,
      phone: p.phone,
      phone2: null,
      residenceType: p.residenceType,
      registeredAddress: p.registeredAddress,
      workUnit: null,
      emergencyName: null,
      emergencyPhone: null,
      notes: null,
      relation: p.relation,
      unit: h.unit,
      room: h.room,
    },
    {
      countyCode: h.countyCode,
      villageCode: h.villageCode,
      gridCode: h.gridCode,
      buildingCode: h.buildingCode,
      jpath: h.jpath,
      householdId: h.id,
    },
    SYNTHETIC,
  );
}

/**
 * A growing byte buffer. Each row's text is written into it at once, so the row strings die young
 * (cheap scavenges); kept in arrays until the batch ended, they lived long enough to be promoted
 * and garbage collection took half the rendering time.
 */
class ByteWriter {
  private buf = Buffer.allocUnsafeSlow(1 << 20);
  length = 0;

  write(text: string): void {
    if (this.length + text.length * 3 > this.buf.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.length + text.length * 3));
      this.buf.copy(bigger, 0, 0, this.length);
      this.buf = bigger;
    }
    this.length += this.buf.write(text, this.length, 'utf8');
  }

  /** The bytes written, in a buffer of their own (transferable to another thread), and resets. */
  take(): Buffer {
    const out = Buffer.allocUnsafeSlow(this.length);
    this.buf.copy(out, 0, 0, this.length);
    this.length = 0;
    return out;
  }
}

/** Accumulates COPY text for each table until the batch is handed to the loader. */
export class CopyBatch {
  private readonly writers: Record<Table, ByteWriter> = {
    jurisdictions: new ByteWriter(),
    households: new ByteWriter(),
    people: new ByteWriter(),
    special_populations: new ByteWriter(),
    grid_staff: new ByteWriter(),
  };
  readonly counts: Record<Table, number> = {
    jurisdictions: 0,
    households: 0,
    people: 0,
    special_populations: 0,
    grid_staff: 0,
  };

  constructor(private readonly pii: PiiCipher) {}

  private push(table: Table, values: Value[]): void {
    this.pushLine(table, line(values));
  }

  private pushLine(table: Table, text: string): void {
    this.writers[table].write(text);
    this.counts[table]++;
  }

  add(v: VillageOut): void {
    for (const u of v.units) {
      this.push('jurisdictions', [
        u.code,
        u.parentCode,
        u.level,
        u.kind,
        u.name,
        u.name,
        u.jpath,
        u.countyCode,
        u.address,
        'user',
      ]);
    }
    for (const h of v.households) {
      this.push('households', [
        h.id,
        h.countyCode,
        h.jpath,
        h.villageCode,
        h.gridCode,
        h.buildingCode,
        h.unit,
        h.room,
        h.address,
        h.kind,
        SYNTHETIC,
      ]);
    }
    for (const p of v.people) {
      this.pushLine('people', personLine(p.id, personRowOf(this.pii, p)));
      for (const s of p.specials) {
        this.push('special_populations', [
          h(p).countyCode,
          p.id,
          s.kind,
          h(p).jpath,
          h(p).villageCode,
          JSON.stringify(s.details),
        ]);
      }
    }
    for (const s of v.staff) {
      this.push('grid_staff', [
        s.id,
        s.unit.countyCode,
        s.unit.jpath,
        s.unit.code,
        s.role,
        s.name,
        this.pii.encrypt(s.phone),
        maskPhone(s.phone),
      ]);
    }
  }

  /** The batch as one buffer per table (empty tables left out), and resets it. */
  take(): { data: Partial<Record<Table, Buffer>>; counts: Record<Table, number> } {
    const data: Partial<Record<Table, Buffer>> = {};
    const counts = { ...this.counts };
    for (const table of TABLES) {
      if (this.counts[table] > 0) data[table] = this.writers[table].take();
      this.counts[table] = 0;
    }
    return { data, counts };
  }
}

const h = (p: PersonOut) => p.household;
