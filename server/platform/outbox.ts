/**
 * The event outbox: cross-module reactions (a positive test creates a case, a case changes health
 * codes …) without modules calling each other inside one request.
 *
 * - `emitEvent` writes the event in the caller's transaction, so it exists iff the change committed.
 * - The Dispatcher claims due events with a lease (FOR UPDATE SKIP LOCKED, so several app servers can
 *   dispatch side by side), and runs each subscribed handler in its own transaction together with a
 *   row in outbox_handled. A handler therefore takes effect once per event even though delivery is
 *   at-least-once (a crash after the handler's commit but before the event is marked done only
 *   re-delivers to handlers not yet recorded). Handlers with effects outside the database must be
 *   idempotent themselves.
 * - A failing handler is retried with exponential backoff (capped at an hour); its error is kept on
 *   the event (outbox.last_error).
 * - Payloads carry ids and codes, never personal data: live pages receive them (server-sent events).
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/schema.js';

export interface OutboxEvent<T = unknown> {
  id: number;
  topic: string;
  payload: T;
  /** Where the event happened; decides which users' live pages receive it (null: everyone). */
  jpath: string | null;
  attempts: number;
  createdAt: Date;
}

export interface EventHandler {
  /** Stable name: recorded per event in outbox_handled; renaming it re-delivers old events. */
  name: string;
  topics: readonly string[];
  handle(tx: Transaction<Database>, event: OutboxEvent): Promise<void>;
}

export async function emitEvent(
  executor: Kysely<Database> | Transaction<Database>,
  topic: string,
  payload: Record<string, unknown>,
  jpath: string | null,
): Promise<number> {
  const row = await executor
    .insertInto('outbox')
    .values({ topic, payload: JSON.stringify(payload), jpath })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface DispatcherOptions {
  intervalMs?: number;
  batchSize?: number;
  leaseSeconds?: number;
}

export function backoffSeconds(attempts: number): number {
  return Math.min(3600, 2 ** Math.min(attempts, 12));
}

export class Dispatcher {
  readonly #handlers = new Map<string, EventHandler[]>();
  readonly #intervalMs: number;
  readonly #batchSize: number;
  readonly #leaseSeconds: number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = true;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly log: FastifyBaseLogger,
    options: DispatcherOptions = {},
  ) {
    this.#intervalMs = options.intervalMs ?? 1000;
    this.#batchSize = options.batchSize ?? 100;
    this.#leaseSeconds = options.leaseSeconds ?? 60;
  }

  register(handler: EventHandler): void {
    for (const topic of handler.topics) {
      const list = this.#handlers.get(topic) ?? [];
      if (list.some((h) => h.name === handler.name))
        throw new Error(`handler ${handler.name} registered twice`);
      this.#handlers.set(topic, [...list, handler]);
    }
  }

  start(): void {
    this.#stopped = false;
    this.#schedule(0);
  }

  /** Runs a dispatch soon, e.g. right after a request emitted an event. */
  poke(): void {
    if (!this.#stopped) this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }

  #schedule(delay: number): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      if (this.#running) return this.#schedule(this.#intervalMs);
      this.#running = this.runOnce()
        .catch((error: unknown) => this.log.error({ err: error, module: 'outbox' }, 'outbox dispatch failed'))
        .then((count) => {
          this.#running = undefined;
          if (!this.#stopped) this.#schedule(count === this.#batchSize ? 0 : this.#intervalMs);
        });
    }, delay);
    this.#timer.unref();
  }

  /** Claims and processes one batch of due events; returns how many were claimed. */
  async runOnce(): Promise<number> {
    const claimed = await sql<{
      id: number;
      topic: string;
      payload: unknown;
      jpath: string | null;
      attempts: number;
      created_at: Date;
    }>`
      update outbox set locked_until = now() + make_interval(secs => ${this.#leaseSeconds}), attempts = attempts + 1
      where id in (
        select id from outbox
        where done_at is null and available_at <= now() and (locked_until is null or locked_until < now())
        order by id
        limit ${this.#batchSize}
        for update skip locked
      )
      returning id, topic, payload, jpath, attempts, created_at`.execute(this.db);
    const events = [...claimed.rows].sort((a, b) => a.id - b.id);
    for (const row of events) {
      await this.#deliver({
        id: row.id,
        topic: row.topic,
        payload: row.payload,
        jpath: row.jpath,
        attempts: row.attempts,
        createdAt: row.created_at,
      });
    }
    return events.length;
  }

  async #deliver(event: OutboxEvent): Promise<void> {
    const failures: string[] = [];
    for (const handler of this.#handlers.get(event.topic) ?? []) {
      try {
        await this.db.transaction().execute(async (tx) => {
          const fresh = await tx
            .insertInto('outbox_handled')
            .values({ event_id: event.id, handler: handler.name })
            .onConflict((oc) => oc.doNothing())
            .returning('event_id')
            .executeTakeFirst();
          if (fresh) await handler.handle(tx, event);
        });
      } catch (error) {
        failures.push(`${handler.name}: ${error instanceof Error ? error.message : String(error)}`);
        this.log.error(
          { err: error, module: 'outbox', eventId: event.id, topic: event.topic, handler: handler.name },
          'event handler failed; will retry',
        );
      }
    }
    if (failures.length === 0) {
      await this.db
        .updateTable('outbox')
        .set({ done_at: new Date(), locked_until: null, last_error: null })
        .where('id', '=', event.id)
        .execute();
    } else {
      await this.db
        .updateTable('outbox')
        .set({
          locked_until: null,
          available_at: new Date(Date.now() + backoffSeconds(event.attempts) * 1000),
          last_error: failures.join('\n').slice(0, 4000),
        })
        .where('id', '=', event.id)
        .execute();
    }
  }
}

/** Drops delivered events after a week; the audit log, not the outbox, is the record of history. */
export async function pruneOutbox(db: Kysely<Database>, keepDays = 7): Promise<void> {
  await db
    .deleteFrom('outbox')
    .where('done_at', '<', new Date(Date.now() - keepDays * 86400_000))
    .execute();
}
