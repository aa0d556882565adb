/**
 * The request context of a demo account, so that demo mode's scenes (testing, tracing, risk
 * control) go through the modules' services as that account would by hand.
 */
import pino from 'pino';
import type { DatabaseHandle } from '../../db/connect.js';
import type { RequestContext } from '../../platform/context.js';
import type { PiiCipher } from '../../platform/pii.js';
import { actorFromUser } from '../users/users.service.js';

export async function demoContext(
  handle: DatabaseHandle,
  pii: PiiCipher,
  username: string,
): Promise<RequestContext | null> {
  const user = await handle.db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', username)
    .executeTakeFirst();
  if (!user) return null;
  return {
    db: handle.db,
    actor: actorFromUser(user),
    requestId: 'demo',
    ip: '127.0.0.1',
    userAgent: null,
    log: pino({ level: 'silent' }),
    pii,
  };
}
