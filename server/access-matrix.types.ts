/**
 * The shapes every part of the access matrix (server/access-matrix.test.ts and its per-module line
 * files) shares: a call to make, the people seeded at each target place, and an endpoint's line.
 */
import type { Role } from '../domain/access.js';

/** One request of the matrix: a JSON body, or a raw one of `contentType` (file uploads). */
export interface MatrixCall {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
  url: string;
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

/** A person living under each target place but outside the narrower targets inside it. */
export type PersonAt = Map<string, { id: string; householdId: string; jpath: string; unit: string }>;

/** How to call an endpoint against a target jurisdiction (scoped) or without one. */
export interface MatrixSpec<C> {
  scoped: boolean;
  /** Records that serve the places below them too: a target above the user's home is allowed as well. */
  coversBelow?: boolean;
  /** When the service asks more than the route's permission (e.g. one of two). */
  permits?: (role: Role) => boolean;
  call: (c: C, place: string) => MatrixCall | Promise<MatrixCall>;
}
