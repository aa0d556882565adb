/**
 * English names of the ledger fields an import can fill. The server lists the fields (their
 * Chinese template headers, which are required, a hint each) in its upload answer; this only
 * translates them, and a field it adds later shows under its Chinese header until named here.
 */
import type { Lang } from '../../../app/i18n/i18n';
import type { ImportFieldInfo } from '../api-types';

const EN: Record<string, string> = {
  name: 'Name',
  idNumber: 'ID number',
  sex: 'Sex',
  birthDate: 'Date of birth',
  phone: 'Phone',
  phone2: 'Second phone',
  residenceType: 'Residence type',
  registeredAddress: 'Registered address',
  workUnit: 'Work unit',
  village: 'Village / community',
  grid: 'Grid',
  building: 'Building',
  unit: 'Unit',
  room: 'Room / door number',
  relation: 'Relation to head',
  emergencyName: 'Emergency contact',
  emergencyPhone: 'Emergency phone',
  specials: 'Special populations',
  disabilityCategory: 'Disability category',
  disabilityLevel: 'Disability level',
  dialysisSchedule: 'Dialysis schedule',
  dialysisHospital: 'Dialysis hospital',
  dueDate: 'Due date',
  prenatalHospital: 'Prenatal hospital',
  chronicCondition: 'Chronic condition',
  medicine: 'Medicine',
  notes: 'Notes',
};

export function fieldLabel(field: ImportFieldInfo | undefined, key: string, lang: Lang): string {
  if (lang === 'en') return EN[key] ?? field?.header ?? key;
  return field?.header ?? key;
}
