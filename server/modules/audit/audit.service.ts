/**
 * The audit log: an append-only record of who did what to which record, when and from where. Every
 * module records through `recordAudit`; the table refuses UPDATE, DELETE and TRUNCATE by trigger.
 * Reads of personal data (later modules) are recorded here too, with the record's jpath so that
 * administrators see the entries of their own subtree.
 */
import type { Kysely, Transaction } from 'kysely';
import { Permission } from '../../../domain/access.js';
import { countyCodeOf } from '../../../domain/jurisdiction.js';
import type { AuditRow, Database } from '../../db/schema.js';
import { type RequestContext, requirePermission } from '../../platform/context.js';
import { inScope, scopeOf } from '../../platform/scope.js';

/** Actions recorded today; later modules add theirs. The audit page offers them as a filter. */
export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.password_changed',
  'access.denied',
  'user.created',
  'user.updated',
  'user.disabled',
  'user.enabled',
  'user.password_reset',
  'jurisdiction.created',
  'jurisdiction.updated',
  'jurisdiction.deleted',
  'divisions.imported',
  'audit.searched',
  'population.searched',
  'population.person_viewed',
  'population.person_revealed',
  'population.person_created',
  'population.person_updated',
  'population.household_viewed',
  'population.exported',
  'population.staff_changed',
  'population.import_started',
  'population.import_finished',
  'population.import_cancelled',
  'testing.round_created',
  'testing.round_updated',
  'testing.round_closed',
  'testing.site_changed',
  'testing.lab_changed',
  'testing.exempted',
  'testing.box_shipped',
  'testing.box_received',
  'testing.results_uploaded',
  'testing.recall_viewed',
  'testing.missing_viewed',
  'testing.alert_acknowledged',
  'testing.task_recorded',
  'testing.resident_page_viewed',
  'testing.exemptions_viewed',
  'testing.tube_viewed',
  'testing.person_looked_up',
  'tracing.case_created',
  'tracing.case_updated',
  'tracing.case_viewed',
  'tracing.cases_listed',
  'tracing.case_assigned',
  'tracing.clock_marked',
  'tracing.call_logged',
  'tracing.itinerary_changed',
  'tracing.team_changed',
  'tracing.contact_added',
  'tracing.contact_viewed',
  'tracing.contacts_searched',
  'tracing.contact_status_changed',
  'tracing.contact_converted',
  'tracing.assist_created',
  'tracing.assist_viewed',
  'tracing.assist_searched',
  'tracing.assist_printed',
  'tracing.assist_status_changed',
  'tracing.assist_received',
  'tracing.assist_peer_created',
  'tracing.assist_peer_changed',
  'tracing.venue_created',
  'tracing.exposures_imported',
  'tracing.candidates_viewed',
  'tracing.candidate_decided',
  'tracing.cluster_renamed',
  'tracing.chains_viewed',
  'tracing.chains_exported',
  'tracing.dashboard_viewed',
  'risk.zone_created',
  'risk.zone_changed',
  'risk.zone_lifted',
  'risk.zone_stepped_down',
  'risk.lockdown',
  'risk.checkpoint_created',
  'risk.checkpoint_changed',
  'risk.roster_changed',
  'risk.pass_applied',
  'risk.pass_decided',
  'risk.pass_revoked',
  'risk.pass_withdrawn',
  'risk.pass_attachment_added',
  'risk.pass_viewed',
  'risk.passes_listed',
  'risk.pass_attachment_viewed',
  'risk.checked',
  'risk.checks_synced',
  'healthcode.viewed',
  'healthcode.mark_created',
  'healthcode.mark_ended',
  'healthcode.policy_changed',
  'healthcode.recomputed',
  'healthcode.resident_viewed',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditSource {
  db: Kysely<Database>;
  actor?: { userId: string; username: string; role: string } | null;
  requestId?: string;
  ip?: string;
  userAgent?: string | null;
}

export interface AuditEntry {
  action: AuditAction;
  outcome?: 'ok' | 'denied' | 'failed';
  resourceType?: string;
  resourceId?: string;
  /** Where the record lives; decides who may read this entry. */
  jpath: string;
  /** Username typed at a failed login, when there is no actor. */
  username?: string;
  detail?: Record<string, unknown>;
}

/** County code for a jpath: grid/building paths and division paths both start with the code digits. */
function countyOfPath(jpath: string): string {
  return countyCodeOf(jpath.padEnd(6, '0'));
}

export async function recordAudit(
  source: AuditSource,
  entry: AuditEntry,
  executor: Kysely<Database> | Transaction<Database> = source.db,
): Promise<void> {
  await executor
    .insertInto('audit_log')
    .values({
      county_code: countyOfPath(entry.jpath),
      actor_id: source.actor?.userId ?? null,
      actor_username: source.actor?.username ?? entry.username ?? null,
      actor_role: source.actor?.role ?? null,
      action: entry.action,
      outcome: entry.outcome ?? 'ok',
      resource_type: entry.resourceType ?? null,
      resource_id: entry.resourceId ?? null,
      jpath: entry.jpath,
      ip: source.ip ?? null,
      user_agent: source.userAgent ?? null,
      request_id: source.requestId ?? null,
      detail: entry.detail ? JSON.stringify(entry.detail) : null,
    })
    .execute();
}

export interface AuditQuery {
  actor?: string | undefined;
  action?: string | undefined;
  outcome?: 'ok' | 'denied' | 'failed' | undefined;
  resourceType?: string | undefined;
  resourceId?: string | undefined;
  /** Limit to a jurisdiction subtree inside the user's own (a path prefix of a jurisdiction). */
  jpath?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** Keyset cursor: entries with a smaller id than this (the previous page's last id). */
  before?: number | undefined;
  limit: number;
}

export interface AuditPage {
  items: AuditRow[];
  /** Pass as `before` for the next page; null on the last page. */
  next: number | null;
}

/**
 * Newest first, keyset-paged by id so that deep pages stay as fast as the first on a table of
 * millions of rows (no OFFSET).
 */
export async function searchAudit(ctx: RequestContext, query: AuditQuery): Promise<AuditPage> {
  requirePermission(ctx.actor, Permission.AuditRead);
  let q = ctx.db
    .selectFrom('audit_log as a')
    .selectAll()
    .where(inScope(scopeOf(ctx.actor), 'a'));
  if (query.jpath) q = q.where('a.jpath', 'like', `${query.jpath}%`);
  if (query.actor) q = q.where('a.actor_username', '=', query.actor);
  if (query.action) q = q.where('a.action', '=', query.action);
  if (query.outcome) q = q.where('a.outcome', '=', query.outcome);
  if (query.resourceType) q = q.where('a.resource_type', '=', query.resourceType);
  if (query.resourceId) q = q.where('a.resource_id', '=', query.resourceId);
  if (query.from) q = q.where('a.at', '>=', new Date(query.from));
  if (query.to) q = q.where('a.at', '<', new Date(query.to));
  if (query.before) q = q.where('a.id', '<', query.before);
  const rows = await q
    .orderBy('a.id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return { items, next: rows.length > query.limit && last ? last.id : null };
}
