/**
 * JSON shapes of the health-code API (server/modules/riskcontrol/codes.schema.ts mirrors them field
 * for field). Reasons are domain/healthcode.ts `HealthCodeReason`.
 */
import type { CodeColour, HealthCodeReason } from '../../../../../domain/healthcode.js';

export type { CodeColour, HealthCodeReason };

export interface PersonCode {
  personId: string;
  colour: CodeColour;
  reasons: HealthCodeReason[];
  changesOn: string | null;
  computedAt: string | null;
  lastNegativeAt: string | null;
  testWithinHours: number | null;
  person: { name: string; idMasked: string; place: { code: string; name: string } };
}

export type MarkKind = 'companion' | 'arrival' | 'external';

export interface Mark {
  id: string;
  personId: string;
  person: { name: string; idMasked: string };
  place: { code: string; name: string };
  kind: MarkKind;
  onDate: string;
  risk: 'high' | 'medium' | 'low' | null;
  colour: 'red' | 'yellow' | null;
  source: string;
  note: string | null;
  createdAt: string;
  endedAt: string | null;
  endReason: string | null;
}

export interface MarkInput {
  personId: string;
  kind: MarkKind;
  onDate: string;
  risk?: 'high' | 'medium';
  colour?: 'red' | 'yellow';
  source: string;
  note?: string;
}

export interface MarkResult {
  mark: Mark;
  code: { colour: CodeColour; changesOn: string | null };
}

export interface MarkList {
  items: Mark[];
  total: number;
}

export interface Policy {
  testWithinHours: number | null;
  updatedAt: string | null;
  canEdit: boolean;
}

export interface CodeStats {
  at: { code: string; name: string; level: string };
  totals: { people: number; red: number; yellow: number; green: number };
  children: Array<{ code: string; name: string; people: number; red: number; yellow: number; green: number }>;
  reasons: Array<{ code: HealthCodeReason['code']; colour: CodeColour; people: number }>;
}

export interface RecomputeResult {
  counties: number;
  people: number;
  evaluated: number;
  red: number;
  yellow: number;
  changed: number;
  ms: number;
}

/** The resident's own code on their page (GET /api/testing/resident/:token → healthCode). */
export interface ResidentHealthCode {
  colour: CodeColour;
  reasons: HealthCodeReason[];
  changesOn: string | null;
  token: string;
  expiresAt: string;
}
