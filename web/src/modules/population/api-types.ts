/**
 * The JSON shapes of the population ledger's API, written once for the web app. They mirror the
 * server's TypeBox schemas (server/modules/population/people.schema.ts and import/*.schema.ts);
 * identifiers are always masked here, only Revealed carries clear values.
 */
import type { Relation, ResidenceType, SpecialKind } from '../../../../domain/population.js';

export interface UnitRef {
  code: string;
  name: string;
}

export interface PersonSummary {
  id: string;
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
  age: number;
  /** 131002********1234 */
  idMasked: string;
  /** 138****5678 */
  phoneMasked: string | null;
  residenceType: ResidenceType;
  village: UnitRef;
  grid: UnitRef | null;
  building: UnitRef | null;
  unit: string | null;
  room: string | null;
  address: string;
  householdId: string | null;
  relation: Relation | null;
  specials: SpecialKind[];
}

export interface PeoplePage {
  items: PersonSummary[];
  total: number;
  /** More matches than total (the server stops counting at 10,000). */
  totalIsLowerBound: boolean;
}

export interface SpecialEntry {
  kind: SpecialKind;
  details: Record<string, unknown>;
  since: string | null;
  notes: string | null;
}

export interface PersonChange {
  at: string;
  field: string;
  oldValue: string | null;
  newValue: string | null;
  source: string;
  actor: string | null;
}

export interface Person extends PersonSummary {
  phone2Masked: string | null;
  registeredAddress: string | null;
  workUnit: string | null;
  emergencyName: string | null;
  emergencyPhoneMasked: string | null;
  notes: string | null;
  source: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface PersonDetail {
  person: Person;
  specialEntries: SpecialEntry[];
  /** Members of the same household, this person included. */
  household: PersonSummary[];
  /** The latest 50 field changes. */
  changes: PersonChange[];
}

export const REVEAL_FIELDS = ['idNumber', 'phone', 'phone2', 'emergencyPhone'] as const;
export type RevealField = (typeof REVEAL_FIELDS)[number];

/** POST /api/population/people/:id/reveal — the clear values, for a short while on screen. */
export type Revealed = { [F in RevealField]?: string | null };

export interface PersonBody {
  idNumber: string;
  name: string;
  phone?: string | null;
  phone2?: string | null;
  residenceType: ResidenceType;
  registeredAddress?: string | null;
  workUnit?: string | null;
  emergencyName?: string | null;
  emergencyPhone?: string | null;
  notes?: string | null;
  /** A village, grid or building code. */
  place: string;
  unit?: string | null;
  room?: string | null;
  relation?: Relation | null;
  specials?: SpecialEntry[];
}

export interface Household {
  id: string;
  address: string;
  village: UnitRef;
  grid: UnitRef | null;
  building: UnitRef | null;
  unit: string | null;
  room: string | null;
  members: PersonSummary[];
}

export interface UnitSummary {
  code: string;
  people: number;
  households: number;
  byResidence: Record<string, number>;
  bySex: Record<string, number>;
  /** 0-6, 7-17, 18-59, 60-79, 80+ */
  ageBands: Array<{ band: string; count: number }>;
  specials: Record<string, number>;
}

export interface SpecialRegister {
  items: Array<{ person: PersonSummary; entry: SpecialEntry }>;
  total: number;
}

export interface SpecialCounts {
  /** One row per child unit of the jurisdiction. */
  rows: Array<{ unit: UnitRef; counts: Record<string, number>; total: number }>;
  totals: Record<string, number>;
}

export const STAFF_ROLES = ['grid_worker', 'building_head'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffEntry {
  id: string;
  unit: UnitRef;
  role: StaffRole;
  name: string;
  phoneMasked: string | null;
  username: string | null;
}

export interface StaffBody {
  unitCode: string;
  role: StaffRole;
  name: string;
  phone?: string | null;
  username?: string | null;
}

export const IMPORT_STATUSES = ['uploaded', 'running', 'done', 'failed', 'interrupted', 'cancelled'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** An import job (GET /api/population/imports/:id), polled every second while it runs. */
export interface ImportJob {
  id: string;
  fileName: string;
  fileSize: number;
  format: 'xlsx' | 'csv';
  /** CSV only: utf-8, gb18030, utf-16le, utf-16be. */
  encoding: string | null;
  status: ImportStatus;
  /** Our field → the file's header. */
  mapping: Record<string, string> | null;
  /** Data rows in the file: an estimate until the job is done. */
  rowsTotal: number | null;
  rowsDone: number;
  ok: number;
  failed: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Why the job failed or stopped (in Chinese). */
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  heartbeatAt: string | null;
}

/** A field of the ledger a column can be mapped to. */
export interface ImportFieldInfo {
  key: string;
  /** The template's (Chinese) header. */
  header: string;
  required: boolean;
  hint: string;
}

/** POST /api/population/imports: the file is stored; its columns and a guess of what they hold. */
export interface ImportUpload {
  import: ImportJob;
  /** The file's headers, unique, in column order. */
  headers: string[];
  /** Our field → the file's header. */
  suggestedMapping: Record<string, string>;
  /** The first data rows, header → text. */
  preview: Array<Record<string, string>>;
  /** Required fields no header was found for. */
  missingRequired: string[];
  /** Every field a column can be mapped to, in the template's order. */
  fields: ImportFieldInfo[];
}
