/**
 * Cases (流调病例): reporting one by hand or from a hospital (creation itself: cases.create.ts;
 * from a positive recheck: cases.events.ts), the list an investigator works from, the case page,
 * and its edits with optimistic locking.
 *
 * The 2+4+24 clocks come from the case's protocol edition (domain/tracing.ts `clockStates`); the
 * SQL twins below (`overdueSql`, `clockDueSql`) let lists, the board and the dashboard filter,
 * sort and count by them in the database.
 */
import { type Insertable, type RawBuilder, type Selectable, sql } from 'kysely';
import type { Static } from 'typebox';
import { Permission } from '../../../domain/access.js';
import { parseIdNumber, parsePhone } from '../../../domain/idcard.js';
import { DEFAULT_EDITION_ID, EDITIONS, editionById } from '../../../domain/protocol.js';
import {
  CLOCKS,
  type ClockName,
  type TracingRules,
  clockStates,
  cstDate,
  isUnderControl,
  lookBackWindow,
} from '../../../domain/tracing.js';
import type { AssistNoticesTable, CasesTable } from '../../db/schema.js';
import { type RequestContext, requirePermission } from '../../platform/context.js';
import { Errors } from '../../platform/errors.js';
import { emitEvent } from '../../platform/outbox.js';
import { assertInScope, scopeOf } from '../../platform/scope.js';
import { recordAudit } from '../audit/audit.service.js';
import { jurisdictionInScope, normaliseCode } from '../jurisdictions/jurisdictions.service.js';
import { classifySearchText } from '../population/people.service.js';
import { unitNames } from '../population/places.js';
import { type CaseRow, type Executor, caseVisible, loadCase } from './cases.access.js';
import { checkDate, checkInstant, insertCase, resolvePerson } from './cases.create.js';
import type {
  CaseDetail,
  CaseInput,
  CaseList,
  CaseListQuery,
  CasePatch,
  CaseSummary,
} from './cases.schema.js';
import { contactCounts } from './contacts.core.js';
import { callsOf } from './investigation.service.js';
import { itineraryOf } from './itinerary.service.js';

export const CASE_CHANGED = 'tracing.case_changed';

// ---------------------------------------------------------------------------------------------
// Rules and clocks

export function rulesOf(editionId: string): TracingRules {
  return editionById(editionId).tracing;
}

export function checkedEdition(editionId: string, field = 'editionId'): string {
  try {
    return editionById(editionId).id;
  } catch {
    throw Errors.validation([{ field, message: `unknown protocol edition ${editionId}` }]);
  }
}

export const CLOCK_COLUMN = {
  onScene: 'on_scene_at',
  coreInfo: 'core_info_at',
  report: 'report_at',
} as const satisfies Record<ClockName, keyof CasesTable>;

const CLOCK_HOURS = {
  onScene: 'onSceneHours',
  coreInfo: 'coreInfoHours',
  report: 'reportHours',
} as const satisfies Record<ClockName, keyof TracingRules['clocks']>;

export function clocksOf(row: CaseRow, now: Date) {
  return clockStates(
    rulesOf(row.edition_id),
    row.reported_at,
    { onScene: row.on_scene_at, coreInfo: row.core_info_at, report: row.report_at },
    now,
  );
}

/** A clock's due time in SQL: the edition's hours after `reported_at` (a CASE over the editions). */
export function clockDueSql(clock: ClockName, table = 'cases'): RawBuilder<Date> {
  const key = CLOCK_HOURS[clock];
  const whens = EDITIONS.map((e) => sql`when ${e.id}::text then ${e.tracing.clocks[key]}::float8`);
  const fallback = editionById(DEFAULT_EDITION_ID).tracing.clocks[key];
  return sql<Date>`(${sql.ref(`${table}.reported_at`)} + interval '1 hour' *
    (case ${sql.ref(`${table}.edition_id`)} ${sql.join(whens, sql` `)} else ${fallback}::float8 end))`;
}

/** The clock is overdue at `now`: not done and past its due time (clockStates' 'overdue'). */
export function clockOverdueSql(clock: ClockName, now: Date, table = 'cases'): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(`${table}.${CLOCK_COLUMN[clock]}`)} is null and ${clockDueSql(clock, table)} < ${now}::timestamptz)`;
}

/** Any of the case's clocks overdue at `now`. */
export function overdueSql(now: Date, table = 'cases'): RawBuilder<boolean> {
  return sql<boolean>`(${sql.join(
    CLOCKS.map((c) => clockOverdueSql(c, now, table)),
    sql` or `,
  )})`;
}

// ---------------------------------------------------------------------------------------------
// Creating a case

/** POST /cases: a case reported by hand or by a hospital. */
export async function createCase(
  ctx: RequestContext,
  given: Static<typeof CaseInput>,
): Promise<Static<typeof CaseDetail>> {
  requirePermission(ctx.actor, Permission.TracingReport);
  let input = given;
  const now = new Date();
  const today = cstDate(now);
  const editionId = checkedEdition(input.editionId ?? DEFAULT_EDITION_ID);
  const sampledDate = checkDate(input.sampledDate, 'sampledDate', today)!;
  const onsetDate = checkDate(input.onsetDate, 'onsetDate', today);
  const reportedAt = checkInstant(input.reportedAt, 'reportedAt', now) ?? now;
  const isolatedAt = checkInstant(input.isolatedAt, 'isolatedAt', now);
  const notice = input.assistNoticeId ? await incomingCaseNotice(ctx, input.assistNoticeId) : null;
  if (notice) input = fromNotice(ctx, input, notice);
  const person = await resolvePerson(ctx, input);
  const { row, created } = await ctx.db.transaction().execute(async (tx) => {
    const inserted = await insertCase(
      tx,
      {
        ...person,
        classification: input.classification,
        found_in: input.foundIn,
        source: notice
          ? 'assist'
          : (input.source ?? (ctx.actor.role === 'hospital_staff' ? 'hospital' : 'manual')),
        source_ref: notice ? notice.id : null,
        edition_id: editionId,
        onset_date: onsetDate,
        sampled_date: sampledDate,
        lineage: input.lineage?.trim() || null,
        reported_at: reportedAt,
        isolated_at: isolatedAt,
        interview: '{}',
        created_by: ctx.actor.userId,
      },
      ctx,
    );
    if (notice) {
      await tx
        .updateTable('assist_notices')
        .set({ case_id: inserted.row.id, updated_at: new Date() })
        .where('county_code', '=', notice.county_code)
        .where('id', '=', notice.id)
        .execute();
    }
    return inserted;
  });
  if (!created) throw Errors.caseExists(row.number, row.id);
  // The reporter sees what they created even when the case belongs to another county.
  return presentDetail(ctx.db, row, now, true);
}

type NoticeRow = Selectable<AssistNoticesTable>;

/** An accepted incoming `case` notice (协查来函) of my scope, to open a case from. */
async function incomingCaseNotice(ctx: RequestContext, id: string): Promise<NoticeRow> {
  const notice = await ctx.db
    .selectFrom('assist_notices')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!notice) throw Errors.notFound('Assist notice', id);
  assertInScope(scopeOf(ctx.actor), notice.jpath, `Assist notice ${notice.number}`);
  if (notice.direction !== 'incoming' || notice.subject !== 'case') {
    throw Errors.validation([{ field: 'assistNoticeId', message: 'is not an incoming notice about a case' }]);
  }
  if (notice.status !== 'accepted') {
    throw Errors.validation([
      { field: 'assistNoticeId', message: `is ${notice.status}: accept the notice first` },
    ]);
  }
  if (notice.case_id) {
    throw Errors.validation([{ field: 'assistNoticeId', message: 'already has its case' }]);
  }
  return notice;
}

/** The person of the case from the notice, unless the reporter named one; placed where it was delivered. */
function fromNotice(
  ctx: RequestContext,
  input: Static<typeof CaseInput>,
  notice: NoticeRow,
): Static<typeof CaseInput> {
  if (input.personId || input.idNumber || input.person)
    return { ...input, place: input.place ?? placeCodeOf(notice.jpath) };
  const idNumber = notice.id_cipher ? ctx.pii.decrypt(notice.id_cipher) : undefined;
  const phone = notice.phone_cipher ? ctx.pii.decrypt(notice.phone_cipher) : undefined;
  const address = typeof notice.content.address === 'string' ? notice.content.address : undefined;
  return {
    ...input,
    ...(idNumber ? { idNumber } : {}),
    person: { name: notice.name, ...(phone ? { phone } : {}), ...(address ? { address } : {}) },
    place: input.place ?? placeCodeOf(notice.jpath),
  };
}

// ---------------------------------------------------------------------------------------------
// Reading

/** The village (or the deepest division) a case belongs to: the digits of its path. */
function placeCodeOf(jpath: string): string {
  return jpath.split('/')[0]!.padEnd(12, '0');
}

export async function presentSummaries(
  db: Executor,
  rows: readonly CaseRow[],
  now: Date,
): Promise<Array<Static<typeof CaseSummary>>> {
  if (rows.length === 0) return [];
  const userIds = [...new Set(rows.map((r) => r.assignee_id).filter((id): id is string => !!id))];
  const teamIds = [...new Set(rows.map((r) => r.team_id).filter((id): id is string => !!id))];
  const [names, users, teams, counts] = await Promise.all([
    unitNames(
      db,
      rows.map((r) => placeCodeOf(r.jpath)),
    ),
    userIds.length
      ? db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', userIds).execute()
      : [],
    teamIds.length
      ? db.selectFrom('tracing_teams').select(['id', 'name']).where('id', 'in', teamIds).execute()
      : [],
    contactCounts(
      db,
      rows.map((r) => r.id),
    ),
  ]);
  const userName = new Map(users.map((u) => [u.id, u.display_name]));
  const teamName = new Map(teams.map((t) => [t.id, t.name]));
  return rows.map((r) => {
    const clocks = clocksOf(r, now);
    const code = placeCodeOf(r.jpath);
    return {
      id: r.id,
      number: r.number,
      personId: r.person_id,
      name: r.name,
      idMasked: r.id_masked,
      classification: r.classification,
      foundIn: r.found_in,
      underControl: isUnderControl(r.found_in),
      source: r.source,
      reportedAt: r.reported_at.toISOString(),
      onsetDate: r.onset_date,
      sampledDate: r.sampled_date,
      lineage: r.lineage,
      place: { code, name: names.get(code) ?? code },
      assignee: r.assignee_id ? { id: r.assignee_id, name: userName.get(r.assignee_id) ?? '' } : null,
      team: r.team_id ? { id: r.team_id, name: teamName.get(r.team_id) ?? '' } : null,
      clocks: clocks.map((c) => ({
        name: c.name,
        due: c.due.toISOString(),
        doneAt: c.doneAt ? c.doneAt.toISOString() : null,
        state: c.state,
      })),
      overdue: clocks.some((c) => c.state === 'overdue'),
      contacts: counts.get(r.id) ?? { close: 0, secondary: 0, controlled: 0 },
      clusterId: r.cluster_id,
      status: r.status,
    };
  });
}

/** The case page; `fresh`: the case was just created, so it has no itinerary or calls to read yet. */
export async function presentDetail(
  db: Executor,
  row: CaseRow,
  now: Date,
  fresh = false,
): Promise<Static<typeof CaseDetail>> {
  const edition = editionById(row.edition_id);
  const [[summary], itinerary, calls, fromContact] = await Promise.all([
    presentSummaries(db, [row], now),
    fresh ? [] : itineraryOf(db, row),
    fresh ? [] : callsOf(db, row),
    row.from_contact_id
      ? db
          .selectFrom('contacts')
          .select(['id', 'name'])
          .where('id', '=', row.from_contact_id)
          .executeTakeFirst()
      : undefined,
  ]);
  const window = lookBackWindow(
    edition.tracing,
    {
      classification: row.classification,
      onsetDate: row.onset_date,
      sampledDate: row.sampled_date,
      isolatedAt: row.isolated_at,
      lastNegativeAt: row.last_negative_at,
    },
    now,
  );
  return {
    ...summary!,
    edition: { id: edition.id, name: edition.name.zh },
    window: { from: window.from.toISOString(), until: window.until.toISOString(), anchor: window.anchor },
    isolatedAt: row.isolated_at ? row.isolated_at.toISOString() : null,
    lastNegativeAt: row.last_negative_at ? row.last_negative_at.toISOString() : null,
    sex: row.sex,
    birthDate: row.birth_date,
    phoneMasked: row.phone_masked,
    address: row.address,
    interview: row.interview,
    itinerary,
    calls,
    fromContact: fromContact ? { id: fromContact.id, name: fromContact.name } : null,
    version: row.version,
  };
}

/** GET /cases/:id (audited: the page shows a person). */
export async function caseDetail(ctx: RequestContext, id: string): Promise<Static<typeof CaseDetail>> {
  requirePermission(ctx.actor, Permission.TracingRead);
  const row = await loadCase(ctx, id);
  await recordAudit(ctx, {
    action: 'tracing.case_viewed',
    resourceType: 'case',
    resourceId: row.id,
    jpath: row.jpath,
    detail: { number: row.number },
  });
  return presentDetail(ctx.db, row, new Date());
}

/** GET /cases: visible cases (cases.access.ts), overdue ones first, then the newest (audited). */
export async function listCases(
  ctx: RequestContext,
  query: Static<typeof CaseListQuery>,
): Promise<Static<typeof CaseList>> {
  requirePermission(ctx.actor, Permission.TracingRead);
  const now = new Date();
  let qb = ctx.db.selectFrom('cases').where(caseVisible(ctx.actor));
  if (query.status) qb = qb.where('status', '=', query.status);
  if (query.classification) qb = qb.where('classification', '=', query.classification);
  if (query.foundIn) qb = qb.where('found_in', '=', query.foundIn);
  if (query.assignee) {
    const who = query.assignee === 'me' ? ctx.actor.userId : query.assignee;
    if (!/^[0-9a-f-]{36}$/i.test(who))
      throw Errors.validation([{ field: 'assignee', message: '`me` or a user id' }]);
    // "Mine" includes the cases of my teams: a team member works them as much as the assignee.
    qb = qb.where((eb) =>
      eb.or([
        eb('assignee_id', '=', who),
        eb(
          'team_id',
          'in',
          eb.selectFrom('tracing_team_members').select('team_id').where('user_id', '=', who),
        ),
      ]),
    );
  }
  if (query.overdue !== undefined)
    qb = qb.where(query.overdue ? overdueSql(now) : sql<boolean>`not ${overdueSql(now)}`);
  if (query.at) {
    const unit = await jurisdictionInScope(ctx, normaliseCode(query.at, 'at'));
    qb = qb.where('jpath', 'like', `${unit.jpath}%`);
  }
  let searched: string | null = null;
  if (query.q?.trim()) {
    const q = query.q.trim();
    const kind = classifySearchText(q);
    searched = kind;
    if (kind === 'id') {
      const parsed = parseIdNumber(q);
      if (!parsed.ok) throw Errors.validation([{ field: 'q', message: 'not a valid ID number' }]);
      qb = qb.where('id_hash', '=', ctx.pii.hash(parsed.value));
    } else if (kind === 'phone') {
      const parsed = parsePhone(q);
      if (!parsed.ok) throw Errors.validation([{ field: 'q', message: 'not a phone number' }]);
      qb = qb.where('phone_hash', '=', ctx.pii.hash(parsed.value));
    } else {
      const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb = qb.where((eb) => eb.or([eb('name', 'like', like), eb('number', 'like', like)]));
    }
  }
  const pageSize = query.pageSize ?? 50;
  const page = query.page ?? 1;
  const [count, rows] = await Promise.all([
    qb.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
    qb
      .selectAll()
      .orderBy(sql`${overdueSql(now)} desc`)
      .orderBy('reported_at', 'desc')
      .orderBy('id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
  ]);
  await recordAudit(ctx, {
    action: 'tracing.cases_listed',
    resourceType: 'case',
    jpath: ctx.actor.jpath,
    // The search text itself may be an identifier: only its kind is kept.
    detail: { filters: Object.keys(query).filter((k) => k !== 'q'), q: searched, total: count.n, page },
  });
  return { items: await presentSummaries(ctx.db, rows, now), total: count.n };
}

// ---------------------------------------------------------------------------------------------
// Editing

/** PATCH /cases/:id: classification, dates, status and the interview, with optimistic locking. */
export async function updateCase(
  ctx: RequestContext,
  id: string,
  patch: Static<typeof CasePatch>,
): Promise<Static<typeof CaseDetail>> {
  requirePermission(ctx.actor, Permission.TracingInvestigate);
  const now = new Date();
  const today = cstDate(now);
  const row = await loadCase(ctx, id);
  if (row.version !== patch.version) throw Errors.versionConflict(`Case ${row.number}`, row.version);
  const set: Partial<Insertable<CasesTable>> = {};
  if (patch.classification) set.classification = patch.classification;
  if (patch.foundIn) set.found_in = patch.foundIn;
  if (patch.status) set.status = patch.status;
  // Ajv's coercion may turn a JSON null into '' for string-or-null fields: both mean "clear".
  if (patch.onsetDate !== undefined)
    set.onset_date = checkDate(patch.onsetDate || undefined, 'onsetDate', today);
  if (patch.lineage !== undefined) set.lineage = patch.lineage?.trim() || null;
  if (patch.isolatedAt !== undefined) set.isolated_at = checkInstant(patch.isolatedAt, 'isolatedAt', now);
  if (patch.lastNegativeAt !== undefined) {
    const at = checkInstant(patch.lastNegativeAt, 'lastNegativeAt', now);
    if (at && at >= row.reported_at) {
      throw Errors.validation([{ field: 'lastNegativeAt', message: 'must be before the positive report' }]);
    }
    set.last_negative_at = at;
  }
  if (patch.interview) {
    const vaccination = patch.interview.vaccination;
    if (vaccination?.lastDate) checkDate(vaccination.lastDate, 'interview.vaccination.lastDate', today);
    set.interview = JSON.stringify({ ...row.interview, ...patch.interview });
  }
  const updated = await ctx.db.transaction().execute(async (tx) => {
    const next = await tx
      .updateTable('cases')
      .set({ ...set, version: sql`version + 1`, updated_at: now })
      .where('county_code', '=', row.county_code)
      .where('id', '=', row.id)
      .where('version', '=', patch.version)
      .returningAll()
      .executeTakeFirst();
    if (!next) throw Errors.versionConflict(`Case ${row.number}`, row.version + 1);
    await recordAudit(
      ctx,
      {
        action: 'tracing.case_updated',
        resourceType: 'case',
        resourceId: row.id,
        jpath: row.jpath,
        detail: { fields: Object.keys(patch).filter((k) => k !== 'version') },
      },
      tx,
    );
    await emitEvent(tx, CASE_CHANGED, { caseId: row.id, countyCode: row.county_code }, row.jpath);
    return next;
  });
  return presentDetail(ctx.db, updated, now);
}
