/**
 * Live events for open pages (server-sent events). Every app server tails the outbox table on its
 * own — no broker, no sticky sessions — and forwards each event to the connected users whose
 * jurisdiction contains the event's place.
 *
 * Known gap: an event whose transaction commits after a later-numbered one may be passed over by
 * the tail. Live pages treat events as hints to refetch, and refetch on reconnect, so a missed hint
 * costs freshness, never correctness.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import { type Scope, isInScope } from '../../platform/scope.js';

export interface LiveEvent {
  id: number;
  topic: string;
  payload: unknown;
  jpath: string | null;
}

export interface Subscriber {
  scope: Scope;
  send(event: LiveEvent): void;
  close(): void;
}

export function visibleTo(scope: Scope, event: LiveEvent): boolean {
  return event.jpath === null || isInScope(scope, event.jpath);
}

export class LiveFeed {
  readonly #subscribers = new Set<Subscriber>();
  #cursor = 0;
  #timer: NodeJS.Timeout | undefined;
  #polling = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly intervalMs = 500,
  ) {}

  async start(): Promise<void> {
    const row = await this.db
      .selectFrom('outbox')
      .select(sql<number>`coalesce(max(id), 0)`.as('max'))
      .executeTakeFirstOrThrow();
    this.#cursor = Number(row.max);
    this.#timer = setInterval(() => void this.poll(), this.intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    for (const subscriber of this.#subscribers) subscriber.close();
    this.#subscribers.clear();
  }

  get size(): number {
    return this.#subscribers.size;
  }

  subscribe(subscriber: Subscriber): () => void {
    this.#subscribers.add(subscriber);
    return () => this.#subscribers.delete(subscriber);
  }

  /** Events after `afterId` visible to `scope`, for a client resuming with Last-Event-ID. */
  async since(afterId: number, scope: Scope, limit = 500): Promise<LiveEvent[]> {
    const rows = await this.#read(afterId, limit);
    return rows.filter((event) => visibleTo(scope, event));
  }

  async poll(): Promise<void> {
    if (this.#polling || this.#subscribers.size === 0) return;
    this.#polling = true;
    try {
      const events = await this.#read(this.#cursor, 500);
      for (const event of events) {
        this.#cursor = Math.max(this.#cursor, event.id);
        for (const subscriber of this.#subscribers) {
          if (visibleTo(subscriber.scope, event)) subscriber.send(event);
        }
      }
    } catch {
      // The database is briefly unavailable: the next tick tries again from the same cursor.
    } finally {
      this.#polling = false;
    }
  }

  async #read(afterId: number, limit: number): Promise<LiveEvent[]> {
    return this.db
      .selectFrom('outbox')
      .select(['id', 'topic', 'payload', 'jpath'])
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
  }
}
