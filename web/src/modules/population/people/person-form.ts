/**
 * The person form's values ↔ the API's PersonBody. Dates in the form are dayjs values; empty text
 * is null. An edit sends only what changed, and identifiers only when a new value was typed (the
 * form never holds the clear ones).
 */
import dayjs, { type Dayjs } from 'dayjs';
import {
  SPECIAL_KIND_DEFINITIONS,
  type Relation,
  type ResidenceType,
  type SpecialKind,
} from '../../../../../domain/population.js';
import type { PersonBody, PersonDetail, SpecialEntry } from '../api-types';

export interface SpecialValues {
  kind?: SpecialKind;
  since?: Dayjs | null;
  notes?: string;
  details?: Record<string, unknown>;
}

export interface PersonValues {
  name: string;
  idNumber?: string;
  residenceType: ResidenceType;
  place?: string;
  unit?: string;
  room?: string;
  relation?: Relation | null;
  phone?: string;
  phone2?: string;
  registeredAddress?: string;
  workUnit?: string;
  emergencyName?: string;
  emergencyPhone?: string;
  notes?: string;
  specials: SpecialValues[];
}

const TEXT_FIELDS = ['unit', 'room', 'registeredAddress', 'workUnit', 'emergencyName', 'notes'] as const;
const IDENTIFIERS = ['idNumber', 'phone', 'phone2', 'emergencyPhone'] as const;

function text(value: string | undefined | null): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

export function initialValues(detail: PersonDetail | null, place: string | undefined): PersonValues {
  if (!detail) return { name: '', residenceType: 'registered', place, specials: [] };
  const p = detail.person;
  return {
    name: p.name,
    residenceType: p.residenceType,
    place: p.building?.code ?? p.grid?.code ?? p.village.code,
    unit: p.unit ?? '',
    room: p.room ?? '',
    relation: p.relation,
    registeredAddress: p.registeredAddress ?? '',
    workUnit: p.workUnit ?? '',
    emergencyName: p.emergencyName ?? '',
    notes: p.notes ?? '',
    specials: detail.specialEntries.map((entry) => {
      const details: Record<string, unknown> = { ...entry.details };
      for (const field of SPECIAL_KIND_DEFINITIONS[entry.kind]?.details ?? []) {
        const value = details[field.key];
        if (field.type === 'date' && typeof value === 'string' && value) details[field.key] = dayjs(value);
      }
      return {
        kind: entry.kind,
        since: entry.since ? dayjs(entry.since) : null,
        notes: entry.notes ?? '',
        details,
      };
    }),
  };
}

function specialEntries(values: SpecialValues[]): SpecialEntry[] {
  return values
    .filter((v): v is SpecialValues & { kind: SpecialKind } => Boolean(v.kind))
    .map((v) => {
      const details: Record<string, unknown> = {};
      for (const field of SPECIAL_KIND_DEFINITIONS[v.kind].details) {
        const value = v.details?.[field.key];
        if (value === undefined || value === null || value === '') continue;
        details[field.key] = dayjs.isDayjs(value)
          ? value.format('YYYY-MM-DD')
          : typeof value === 'string'
            ? value.trim()
            : value;
      }
      return {
        kind: v.kind,
        details,
        since: v.since ? v.since.format('YYYY-MM-DD') : null,
        notes: text(v.notes),
      };
    });
}

/** The full body for POST /api/population/people. */
export function createBody(values: PersonValues): PersonBody {
  const body: PersonBody = {
    idNumber: values.idNumber?.trim() ?? '',
    name: values.name.trim(),
    residenceType: values.residenceType,
    place: values.place ?? '',
    relation: values.relation ?? null,
    phone: text(values.phone),
    phone2: text(values.phone2),
    emergencyPhone: text(values.emergencyPhone),
    specials: specialEntries(values.specials),
  };
  for (const key of TEXT_FIELDS) body[key] = text(values[key]);
  return body;
}

/** The fields that changed, for PATCH /api/population/people/:id; empty when nothing did. */
export function patchBody(values: PersonValues, initial: PersonValues): Partial<PersonBody> {
  const next = createBody(values);
  const before = createBody(initial);
  const patch: Partial<PersonBody> = {};
  for (const key of Object.keys(next) as Array<keyof PersonBody>) {
    if ((IDENTIFIERS as readonly string[]).includes(key)) continue;
    if (JSON.stringify(next[key]) !== JSON.stringify(before[key])) {
      (patch as Record<string, unknown>)[key] = next[key];
    }
  }
  for (const key of IDENTIFIERS) {
    const typed = text(values[key]);
    if (typed) patch[key] = typed;
  }
  return patch;
}
