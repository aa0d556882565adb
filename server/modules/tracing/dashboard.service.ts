/**
 * The tracing dashboard of my subtree: new cases per China-time day split into community versus
 * under control (the figure every briefing opens with), how the 2+4+24 clocks were kept, contacts
 * under control, and each investigator's load. Counts and investigators' names only; the view is
 * still audited (who looked at which area's figures).
 *
 * Which cases: those visible to me (cases.access.ts), narrowed to `at` when given. The daily
 * series, the case totals and the clocks cover the cases reported in the window (`days` CST days
 * ending `until`, today by default); `open` and `overdue` are the state of all visible cases now.
 * Contacts: those living in my subtree (or under `at`) and those named by a visible case.
 */
import { type ExpressionBuilder, sql } from 'kysely';
import type { Static } from 'typebox';
import { Permission } from '../../../domain/access.js';
import {
  CLOCKS,
  CONTROLLED_STATUSES,
  type ClockName,
  addDays,
  cstDate,
  cstMidnight,
} from '../../../domain/tracing.js';
import type { Database } from '../../db/schema.js';
import { type RequestContext, requirePermission } from '../../platform/context.js';
import { Errors } from '../../platform/errors.js';
import { inScope, scopeOf } from '../../platform/scope.js';
import { recordAudit } from '../audit/audit.service.js';
import { jurisdictionInScope, normaliseCode } from '../jurisdictions/jurisdictions.service.js';
import { caseVisible } from './cases.access.js';
import type { DashboardQuery, TracingDashboard } from './cases.schema.js';
import { CLOCK_COLUMN, clockDueSql, overdueSql } from './cases.service.js';
import { loadRows } from './teams.service.js';

type ClockCounts = { done: number; late: number; pending: number; overdue: number };

export async function dashboard(
  ctx: RequestContext,
  query: Static<typeof DashboardQuery>,
): Promise<Static<typeof TracingDashboard>> {
  requirePermission(ctx.actor, Permission.TracingRead);
  const now = new Date();
  const days = query.days ?? 14;
  const until = query.until ?? cstDate(now);
  if (Number.isNaN(Date.parse(`${until}T00:00:00Z`))) {
    throw Errors.validation([{ field: 'until', message: 'is not a real date' }]);
  }
  const first = addDays(until, -(days - 1));
  const from = cstMidnight(first);
  const to = cstMidnight(addDays(until, 1));
  const at = query.at ? (await jurisdictionInScope(ctx, normaliseCode(query.at, 'at'))).jpath : null;
  const root = at ?? ctx.actor.jpath;

  const visible = ctx.db
    .selectFrom('cases')
    .where(caseVisible(ctx.actor))
    .where((eb) => (at ? eb('cases.jpath', 'like', `${at}%`) : eb.lit(true)));
  const inWindow = visible.where('reported_at', '>=', from).where('reported_at', '<', to);

  const clockColumns = CLOCKS.flatMap((c) => {
    const done = sql.ref(`cases.${CLOCK_COLUMN[c]}`);
    const due = clockDueSql(c);
    return [
      sql<number>`count(*) filter (where ${done} is not null and ${done} <= ${due})::int`.as(`${c}_done`),
      sql<number>`count(*) filter (where ${done} is not null and ${done} > ${due})::int`.as(`${c}_late`),
      sql<number>`count(*) filter (where ${done} is null and ${due} >= ${now}::timestamptz)::int`.as(
        `${c}_pending`,
      ),
      sql<number>`count(*) filter (where ${done} is null and ${due} < ${now}::timestamptz)::int`.as(
        `${c}_overdue`,
      ),
    ];
  });

  const [perDay, windowTotals, current, contacts, load] = await Promise.all([
    inWindow
      .select([
        sql<string>`to_char((cases.reported_at at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD')`.as(
          'day',
        ),
        sql<number>`count(*) filter (where cases.found_in = 'community')::int`.as('community'),
        sql<number>`count(*) filter (where cases.found_in <> 'community')::int`.as('under_control'),
      ])
      .groupBy(sql`1`)
      .execute(),
    inWindow
      .select([
        sql<number>`count(*)::int`.as('cases'),
        sql<number>`count(*) filter (where cases.found_in = 'community')::int`.as('community'),
        ...clockColumns,
      ])
      .executeTakeFirstOrThrow(),
    visible
      .select([
        sql<number>`count(*) filter (where cases.status = 'open')::int`.as('open'),
        sql<number>`count(*) filter (where ${overdueSql(now)})::int`.as('overdue'),
      ])
      .executeTakeFirstOrThrow(),
    contactTotals(ctx, at),
    loadRows(ctx.db, root, now),
    recordAudit(ctx, { action: 'tracing.dashboard_viewed', jpath: root, detail: { until, days } }),
  ]);

  const byDay = new Map(perDay.map((d) => [d.day, d]));
  const casesPerDay = [];
  for (let day = first; day <= until; day = addDays(day, 1)) {
    const d = byDay.get(day);
    casesPerDay.push({ date: day, community: d?.community ?? 0, underControl: d?.under_control ?? 0 });
  }
  const totals = windowTotals as unknown as Record<string, number>;
  const clock = (c: ClockName): ClockCounts => ({
    done: totals[`${c}_done`] ?? 0,
    late: totals[`${c}_late`] ?? 0,
    pending: totals[`${c}_pending`] ?? 0,
    overdue: totals[`${c}_overdue`] ?? 0,
  });
  return {
    casesPerDay,
    totals: {
      cases: windowTotals.cases,
      community: windowTotals.community,
      underControl: windowTotals.cases - windowTotals.community,
      open: current.open,
      overdue: current.overdue,
    },
    clocks: { onScene: clock('onScene'), coreInfo: clock('coreInfo'), report: clock('report') },
    contacts,
    load,
  };
}

async function contactTotals(ctx: RequestContext, at: string | null) {
  const visibleCases = ctx.db
    .selectFrom('cases')
    .select('cases.id')
    .where(caseVisible(ctx.actor))
    .where((eb) => (at ? eb('cases.jpath', 'like', `${at}%`) : eb.lit(true)));
  const namedByVisibleCase = (eb: ExpressionBuilder<Database, 'contacts'>) =>
    eb(
      'contacts.id',
      'in',
      eb.selectFrom('contact_links as l').select('l.contact_id').where('l.case_id', 'in', visibleCases),
    );
  const rows = await ctx.db
    .selectFrom('contacts')
    .where((eb) =>
      eb.or([
        at ? eb('contacts.jpath', 'like', `${at}%`) : inScope(scopeOf(ctx.actor), 'contacts'),
        namedByVisibleCase(eb),
      ]),
    )
    .select([
      'contacts.degree',
      sql<number>`count(*)::int`.as('total'),
      sql<number>`count(*) filter (where contacts.status in (${sql.join(CONTROLLED_STATUSES.map((s) => sql`${s}::text`))}))::int`.as(
        'controlled',
      ),
      sql<number>`count(*) filter (where contacts.status = 'released')::int`.as('released'),
      sql<number>`count(*) filter (where contacts.status in ('identified', 'notified', 'transfer_requested'))::int`.as(
        'pending',
      ),
    ])
    .groupBy('contacts.degree')
    .execute();
  const of = (degree: 'close' | 'secondary') => {
    const r = rows.find((x) => x.degree === degree);
    return {
      total: r?.total ?? 0,
      controlled: r?.controlled ?? 0,
      released: r?.released ?? 0,
      pending: r?.pending ?? 0,
    };
  };
  return { close: of('close'), secondary: of('secondary') };
}
