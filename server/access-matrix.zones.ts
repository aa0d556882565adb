/**
 * The risk-control (zones) lines of the access matrix (server/access-matrix.test.ts).
 */
import type { Kysely } from 'kysely';
import type { Role } from '../domain/access.js';
import type { Database } from './db/schema.js';

interface Call {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
  url: string;
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

export type ZonesSeed = Record<string, string>;

interface Ctx {
  zones: Map<string, ZonesSeed>;
  personAt: Map<string, { id: string; householdId: string; jpath: string; unit: string }>;
  seq: () => number;
}

type Spec = {
  scoped: boolean;
  coversBelow?: boolean;
  permits?: (role: Role) => boolean;
  call: (c: Ctx, place: string) => Call | Promise<Call>;
};

export async function seedZones(
  _db: Kysely<Database>,
  _personAt: Ctx['personAt'],
  _seq: () => number,
): Promise<Map<string, ZonesSeed>> {
  return new Map();
}

export function zonesEndpoints(): Record<string, Spec> {
  return {};
}
