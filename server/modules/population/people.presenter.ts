/**
 * The JSON shapes of people. Only masked identifiers leave through here; clear values leave only
 * through the reveal route.
 */
import type { Static } from 'typebox';
import { ageOn } from '../../../domain/idcard.js';
import type { Relation, SpecialKind } from '../../../domain/population.js';
import type { PersonRow } from '../../db/schema.js';
import type { PersonDetail, PersonSummary } from './people.schema.js';
import { householdAddress } from './places.js';

export type SummaryRow = Pick<
  PersonRow,
  | 'id'
  | 'name'
  | 'sex'
  | 'birth_date'
  | 'id_masked'
  | 'phone_masked'
  | 'residence_type'
  | 'village_code'
  | 'grid_code'
  | 'building_code'
  | 'unit'
  | 'room'
  | 'household_id'
  | 'relation'
>;

export const SUMMARY_COLUMNS = [
  'people.id',
  'people.name',
  'people.sex',
  'people.birth_date',
  'people.id_masked',
  'people.phone_masked',
  'people.residence_type',
  'people.village_code',
  'people.grid_code',
  'people.building_code',
  'people.unit',
  'people.room',
  'people.household_id',
  'people.relation',
] as const;

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function presentSummary(
  row: SummaryRow,
  names: Map<string, string>,
  specials: Map<string, SpecialKind[]>,
  on: string = today(),
): Static<typeof PersonSummary> {
  const ref = (code: string | null) => (code ? { code, name: names.get(code) ?? code } : null);
  const villageName = names.get(row.village_code) ?? row.village_code;
  return {
    id: row.id,
    name: row.name,
    sex: row.sex,
    birthDate: row.birth_date,
    age: ageOn(row.birth_date, on),
    idMasked: row.id_masked,
    phoneMasked: row.phone_masked,
    residenceType: row.residence_type,
    village: { code: row.village_code, name: villageName },
    grid: ref(row.grid_code),
    building: ref(row.building_code),
    unit: row.unit,
    room: row.room,
    address: householdAddress(
      villageName,
      row.building_code ? (names.get(row.building_code) ?? null) : null,
      row.unit,
      row.room,
    ),
    householdId: row.household_id,
    relation: row.relation as Relation | null,
    specials: specials.get(row.id) ?? [],
  };
}

export function presentDetail(
  row: PersonRow,
  names: Map<string, string>,
  specialKinds: Map<string, SpecialKind[]>,
  rest: Omit<Static<typeof PersonDetail>, 'person'>,
): Static<typeof PersonDetail> {
  return {
    person: {
      ...presentSummary(row, names, specialKinds),
      phone2Masked: row.phone2_masked,
      registeredAddress: row.registered_address,
      workUnit: row.work_unit,
      emergencyName: row.emergency_name,
      emergencyPhoneMasked: row.emergency_phone_masked,
      notes: row.notes,
      source: row.source,
      version: row.version,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    },
    ...rest,
  };
}
