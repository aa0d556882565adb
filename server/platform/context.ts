/**
 * The request context that services receive: who is acting, over which subtree, and how to log and
 * audit it. Handlers build it with `contextOf(request)`; services never see Fastify objects.
 */
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { type Permission, type Role, ROLE_DEFINITIONS } from '../../domain/access.js';
import type { Database } from '../db/schema.js';
import { Errors } from './errors.js';
import type { PiiCipher } from './pii.js';
import type { TableSettler } from './settle.js';

export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  /** Home jurisdiction: the root of everything this user may see or change. */
  jurisdictionCode: string;
  jpath: string;
  countyCode: string;
  isDemo: boolean;
  mustChangePassword: boolean;
}

export interface RequestContext {
  db: Kysely<Database>;
  actor: Actor;
  requestId: string;
  ip: string;
  userAgent: string | null;
  log: FastifyBaseLogger;
  /** The deployment's personal-data cipher (platform/pii.ts). */
  pii: PiiCipher;
  /** Bulk paths mark the tables they filled, to be vacuumed once writes pause (platform/settle.ts). */
  settler?: TableSettler;
}

/** Context of a request that passed authentication (the access hook guarantees an actor). */
export function contextOf(request: FastifyRequest): RequestContext {
  const actor = request.actor;
  if (!actor) throw Errors.authRequired();
  return {
    db: request.server.db,
    actor,
    requestId: request.id,
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
    log: request.log,
    pii: request.server.pii,
    settler: request.server.settler,
  };
}

export function hasPermission(actor: Actor, permission: Permission): boolean {
  return ROLE_DEFINITIONS[actor.role].permissions.includes(permission);
}

/** The service-side half of "checked at the route and in the service". */
export function requirePermission(actor: Actor, permission: Permission): void {
  if (!hasPermission(actor, permission)) throw Errors.forbidden(permission);
}
