import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, backend, freshDatabase } from '../test/database.js';
import { Dispatcher, type EventHandler, type OutboxEvent, backoffSeconds, emitEvent } from './outbox.js';

let db: TestDatabase;
const log = pino({ level: 'silent' });

beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(async () => db.destroy());

/** A handler whose effect is a row in `settings`, so that exactly-once effects can be counted. */
function recorder(
  name: string,
  topics: string[],
  behaviour: { failTimes?: number } = {},
): EventHandler & { calls: OutboxEvent[] } {
  let failures = behaviour.failTimes ?? 0;
  const calls: OutboxEvent[] = [];
  return {
    name,
    topics,
    calls,
    async handle(tx, event) {
      calls.push(event);
      if (failures > 0) {
        failures--;
        throw new Error(`${name} failed on purpose`);
      }
      await tx
        .insertInto('settings')
        .values({ key: `${name}:${event.id}`, value: JSON.stringify(event.payload) })
        .execute();
    },
  };
}

async function effects(prefix: string): Promise<number> {
  const row = await sql<{
    n: number;
  }>`select count(*)::int as n from settings where key like ${`${prefix}:%`}`.execute(db.db);
  return row.rows[0]!.n;
}

describe('outbox', () => {
  it('delivers an event to every subscribed handler once and marks it done', async () => {
    const a = recorder('a', ['case.created']);
    const b = recorder('b', ['case.created', 'other']);
    const dispatcher = new Dispatcher(db.db, log);
    dispatcher.register(a);
    dispatcher.register(b);
    const id = await emitEvent(db.db, 'case.created', { caseId: 'c1' }, '131002');
    expect(await dispatcher.runOnce()).toBe(1);
    expect(await dispatcher.runOnce()).toBe(0);
    expect(a.calls.map((e) => e.payload)).toEqual([{ caseId: 'c1' }]);
    expect(await effects('a')).toBe(1);
    expect(await effects('b')).toBe(1);
    const row = await db.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.done_at).not.toBeNull();
    expect(row.attempts).toBe(1);
  });

  it('writes no event when the emitting transaction rolls back', async () => {
    await db.db
      .transaction()
      .execute(async (tx) => {
        await emitEvent(tx, 'ghost', {}, null);
        throw new Error('rollback');
      })
      .catch(() => undefined);
    const rows = await db.db.selectFrom('outbox').select('id').where('topic', '=', 'ghost').execute();
    expect(rows).toEqual([]);
  });

  it('retries a failing handler with backoff without re-running the handlers that succeeded', async () => {
    const ok = recorder('steady', ['flaky.topic']);
    const flaky = recorder('flaky', ['flaky.topic'], { failTimes: 2 });
    const dispatcher = new Dispatcher(db.db, log);
    dispatcher.register(ok);
    dispatcher.register(flaky);
    const id = await emitEvent(db.db, 'flaky.topic', { n: 1 }, null);
    await dispatcher.runOnce();
    let row = await db.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.done_at).toBeNull();
    expect(row.last_error).toContain('flaky failed on purpose');
    expect(row.available_at.getTime()).toBeGreaterThan(Date.now() + (backoffSeconds(1) - 1) * 1000);
    // Not due yet: nothing is claimed.
    expect(await dispatcher.runOnce()).toBe(0);
    for (let attempt = 0; attempt < 2; attempt++) {
      await sql`update outbox set available_at = now() where id = ${id}`.execute(db.db);
      await dispatcher.runOnce();
    }
    row = await db.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.done_at).not.toBeNull();
    expect(row.attempts).toBe(3);
    expect(ok.calls).toHaveLength(1);
    expect(flaky.calls).toHaveLength(3);
    expect(await effects('flaky')).toBe(1);
  });

  it('re-delivers an event whose lease expired (a dispatcher died mid-way) without doubling effects', async () => {
    const handler = recorder('lease', ['lease.topic']);
    const dispatcher = new Dispatcher(db.db, log);
    dispatcher.register(handler);
    const id = await emitEvent(db.db, 'lease.topic', {}, null);
    // Another server claimed it, ran the handler, then died before marking the event done.
    await sql`update outbox set locked_until = now() + interval '1 minute', attempts = 1 where id = ${id}`.execute(
      db.db,
    );
    await db.db.insertInto('outbox_handled').values({ event_id: id, handler: 'lease' }).execute();
    await db.db
      .insertInto('settings')
      .values({ key: `lease:${id}`, value: '{}' })
      .execute();
    expect(await dispatcher.runOnce()).toBe(0); // still leased
    await sql`update outbox set locked_until = now() - interval '1 second' where id = ${id}`.execute(db.db);
    expect(await dispatcher.runOnce()).toBe(1);
    expect(handler.calls).toHaveLength(0); // already handled: skipped
    expect(await effects('lease')).toBe(1);
    const row = await db.db
      .selectFrom('outbox')
      .select('done_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.done_at).not.toBeNull();
  });

  it('lets several dispatchers share the work without handling an event twice', async () => {
    const handlers = [recorder('shared', ['bulk']), recorder('shared', ['bulk'])];
    const dispatchers = handlers.map((h) => {
      const d = new Dispatcher(db.db, log, { batchSize: 7 });
      d.register(h);
      return d;
    });
    for (let i = 0; i < 40; i++) await emitEvent(db.db, 'bulk', { i }, null);
    let claimed = 1;
    while (claimed > 0)
      claimed = (await Promise.all(dispatchers.map((d) => d.runOnce()))).reduce((s, n) => s + n, 0);
    expect(await effects('shared')).toBe(40);
    expect(handlers[0]!.calls.length + handlers[1]!.calls.length).toBe(40);
    if (backend() === 'postgres') {
      // With real concurrency both dispatchers got a share.
      expect(handlers[0]!.calls.length).toBeGreaterThan(0);
      expect(handlers[1]!.calls.length).toBeGreaterThan(0);
    }
  });

  it('runs on its own once started, and stops cleanly', async () => {
    const handler = recorder('background', ['tick']);
    const dispatcher = new Dispatcher(db.db, log, { intervalMs: 20 });
    dispatcher.register(handler);
    dispatcher.start();
    await emitEvent(db.db, 'tick', {}, null);
    await expect.poll(() => handler.calls.length, { timeout: 5000 }).toBe(1);
    await dispatcher.stop();
  });

  it('refuses the same handler name twice for a topic', () => {
    const dispatcher = new Dispatcher(db.db, log);
    dispatcher.register(recorder('dup', ['x']));
    expect(() => dispatcher.register(recorder('dup', ['x']))).toThrow(/twice/);
  });
});
