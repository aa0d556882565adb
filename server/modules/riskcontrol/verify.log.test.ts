/**
 * The check log's group commit: checks written side by side all land, each once with its audit
 * entry; a row the database refuses fails only its own check; a retried id is logged once.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, freshDatabase } from '../../test/database.js';
import { type CheckEntry, logCheck } from './verify.log.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(async () => db.destroy());

const checkpointId = crypto.randomUUID();
function entry(overrides: Partial<CheckEntry> = {}): CheckEntry {
  const id = crypto.randomUUID();
  return {
    id,
    county_code: '131002',
    jpath: '131002100',
    checkpoint_id: checkpointId,
    at: new Date().toISOString(),
    day: '2022-03-15',
    shift: 2,
    by_user: crypto.randomUUID(),
    subject: 'pass',
    crossing: 'into_beijing',
    vehicle: true,
    pass_id: crypto.randomUUID(),
    person_id: null,
    plate: '冀R·12345',
    verdict: 'turn_back',
    problems: [{ code: 'off_route', route: ['A', 'C'] }],
    reason_codes: ['off_route', 'driver_not_named'],
    username: 'officer',
    role: 'checkpoint_officer',
    ip: '10.0.0.1',
    user_agent: 'phone',
    request_id: `req-${id}`,
    detail: { checkpoint: 'A', verdict: 'turn_back' },
    ...overrides,
  };
}

async function logged(ids: string[]) {
  const checks = await db.db
    .selectFrom('checkpoint_checks')
    .select(['id', 'reason_codes', 'problems', 'shift', 'plate'])
    .where('id', 'in', ids)
    .execute();
  const audits = await db.db
    .selectFrom('audit_log')
    .select(['resource_id', 'actor_username', 'request_id', 'detail'])
    .where('action', '=', 'risk.checked')
    .where('resource_id', 'in', ids)
    .execute();
  return { checks, audits };
}

describe('the check log', () => {
  it('writes checks that come in together, each once with its audit entry, as they were', async () => {
    const entries = Array.from({ length: 60 }, () => entry());
    await Promise.all(entries.map((e) => logCheck(db.db, e)));
    const { checks, audits } = await logged(entries.map((e) => e.id));
    expect(checks).toHaveLength(60);
    expect(audits).toHaveLength(60);
    const first = checks.find((c) => c.id === entries[0]!.id)!;
    expect(first).toMatchObject({
      reason_codes: ['off_route', 'driver_not_named'],
      problems: [{ code: 'off_route', route: ['A', 'C'] }],
      shift: 2,
      plate: '冀R·12345',
    });
    expect(audits.find((a) => a.resource_id === entries[0]!.id)).toMatchObject({
      actor_username: 'officer',
      request_id: `req-${entries[0]!.id}`,
      detail: { checkpoint: 'A', verdict: 'turn_back' },
    });
  });

  it('fails only the check the database refuses, not the ones written with it', async () => {
    const good = Array.from({ length: 10 }, () => entry({ reason_codes: [] }));
    const bad = entry({ shift: 9 }); // CHECK (shift BETWEEN 1 AND 3)
    const results = await Promise.allSettled(
      [...good.slice(0, 5), bad, ...good.slice(5)].map((e) => logCheck(db.db, e)),
    );
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect(results[5]!.status).toBe('rejected');
    const { checks, audits } = await logged([...good.map((e) => e.id), bad.id]);
    expect(checks.map((c) => c.id).sort()).toEqual(good.map((e) => e.id).sort());
    expect(audits).toHaveLength(10);
  });

  it('logs a retried check (same id) once, with one audit entry', async () => {
    const once = entry();
    // The first write goes alone; the two tries of `once` wait for it and go in the same batch.
    await Promise.all([logCheck(db.db, entry()), logCheck(db.db, once), logCheck(db.db, { ...once })]);
    await logCheck(db.db, { ...once });
    const { checks, audits } = await logged([once.id]);
    expect(checks).toHaveLength(1);
    expect(audits).toHaveLength(1);
  });
});
