/**
 * A validated person (PersonInput) ↔ a people row: identifiers encrypted, hashed and masked through
 * the deployment's PiiCipher; the place resolved to a jpath. Shared by manual edits, the importer and
 * the synthetic city, so every writer stores personal data the same way.
 */
import { maskIdNumber, maskPhone } from '../../../domain/idcard.js';
import type { Relation, ResidenceType } from '../../../domain/population.js';
import type { NewPerson } from '../../db/schema.js';
import type { PiiCipher } from '../../platform/pii.js';

/** A person whose fields are already validated and normalised (parseIdNumber, parsePhone). */
export interface PersonInput {
  /** Canonical 18-character ID number. */
  idNumber: string;
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
  phone: string | null;
  phone2: string | null;
  residenceType: ResidenceType;
  registeredAddress: string | null;
  workUnit: string | null;
  emergencyName: string | null;
  emergencyPhone: string | null;
  notes: string | null;
  relation: Relation | null;
  unit: string | null;
  room: string | null;
}

/** Where a person lives: the deepest known unit decides the jpath (and so who sees them). */
export interface PersonPlace {
  countyCode: string;
  villageCode: string;
  gridCode: string | null;
  buildingCode: string | null;
  jpath: string;
  householdId: string | null;
}

/** Fields compared for change history, with how each is shown in it (identifiers masked). */
export const TRACKED_FIELDS = [
  'name',
  'phone',
  'phone2',
  'residence_type',
  'registered_address',
  'work_unit',
  'emergency_name',
  'emergency_phone',
  'notes',
  'relation',
  'unit',
  'room',
  'village_code',
  'grid_code',
  'building_code',
  'household_id',
] as const;
export type TrackedField = (typeof TRACKED_FIELDS)[number];

export function personRow(pii: PiiCipher, input: PersonInput, place: PersonPlace, source: string): NewPerson {
  return {
    county_code: place.countyCode,
    jpath: place.jpath,
    village_code: place.villageCode,
    grid_code: place.gridCode,
    building_code: place.buildingCode,
    household_id: place.householdId,
    relation: input.relation,
    unit: input.unit,
    room: input.room,
    id_hash: pii.hash(input.idNumber),
    id_cipher: pii.encrypt(input.idNumber),
    id_masked: maskIdNumber(input.idNumber),
    name: input.name,
    sex: input.sex,
    birth_date: input.birthDate,
    ...phoneColumns(pii, 'phone', input.phone),
    ...phoneColumns(pii, 'phone2', input.phone2),
    residence_type: input.residenceType,
    registered_address: input.registeredAddress,
    work_unit: input.workUnit,
    emergency_name: input.emergencyName,
    emergency_phone_cipher: input.emergencyPhone ? pii.encrypt(input.emergencyPhone) : null,
    emergency_phone_masked: input.emergencyPhone ? maskPhone(input.emergencyPhone) : null,
    notes: input.notes,
    source,
  };
}

function phoneColumns(
  pii: PiiCipher,
  prefix: 'phone' | 'phone2',
  phone: string | null,
):
  | Pick<NewPerson, 'phone_hash' | 'phone_cipher' | 'phone_masked'>
  | Pick<NewPerson, 'phone2_hash' | 'phone2_cipher' | 'phone2_masked'> {
  const hash = phone ? pii.hash(phone) : null;
  const cipher = phone ? pii.encrypt(phone) : null;
  const masked = phone ? maskPhone(phone) : null;
  return prefix === 'phone'
    ? { phone_hash: hash, phone_cipher: cipher, phone_masked: masked }
    : { phone2_hash: hash, phone2_cipher: cipher, phone2_masked: masked };
}

/** Comparable, history-safe values of an existing row and of an input (identifiers as hash + mask). */
export interface ComparableRow {
  name: string;
  phone_hash: Uint8Array | null;
  phone_masked: string | null;
  phone2_hash: Uint8Array | null;
  phone2_masked: string | null;
  residence_type: string;
  registered_address: string | null;
  work_unit: string | null;
  emergency_name: string | null;
  emergency_phone_cipher: Uint8Array | null;
  emergency_phone_masked: string | null;
  notes: string | null;
  relation: string | null;
  unit: string | null;
  room: string | null;
  village_code: string;
  grid_code: string | null;
  building_code: string | null;
  household_id: string | null;
}

function sameBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === null || b === null) return a === b;
  return Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
}

export interface FieldChange {
  field: TrackedField;
  old: string | null;
  new: string | null;
}

/**
 * What would change if `next` replaced `current`. Phones compare by keyed hash (their ciphertexts
 * differ every time); the emergency phone has no hash, so it compares by decrypting.
 */
export function diffPerson(pii: PiiCipher, current: ComparableRow, next: NewPerson): FieldChange[] {
  const changes: FieldChange[] = [];
  const plain = (field: TrackedField, a: string | null, b: string | null | undefined): void => {
    const bb = b ?? null;
    if (a !== bb) changes.push({ field, old: a, new: bb });
  };
  plain('name', current.name, next.name);
  if (!sameBytes(current.phone_hash, next.phone_hash ?? null))
    changes.push({ field: 'phone', old: current.phone_masked, new: next.phone_masked ?? null });
  if (!sameBytes(current.phone2_hash, next.phone2_hash ?? null))
    changes.push({ field: 'phone2', old: current.phone2_masked, new: next.phone2_masked ?? null });
  const oldEmergency = current.emergency_phone_cipher ? pii.decrypt(current.emergency_phone_cipher) : null;
  const newEmergency = next.emergency_phone_cipher ? pii.decrypt(next.emergency_phone_cipher) : null;
  if (oldEmergency !== newEmergency)
    changes.push({
      field: 'emergency_phone',
      old: current.emergency_phone_masked,
      new: next.emergency_phone_masked ?? null,
    });
  plain('residence_type', current.residence_type, next.residence_type);
  plain('registered_address', current.registered_address, next.registered_address);
  plain('work_unit', current.work_unit, next.work_unit);
  plain('emergency_name', current.emergency_name, next.emergency_name);
  plain('notes', current.notes, next.notes);
  plain('relation', current.relation, next.relation);
  plain('unit', current.unit, next.unit);
  plain('room', current.room, next.room);
  plain('village_code', current.village_code, next.village_code);
  plain('grid_code', current.grid_code, next.grid_code);
  plain('building_code', current.building_code, next.building_code);
  plain('household_id', current.household_id, next.household_id);
  return changes;
}
