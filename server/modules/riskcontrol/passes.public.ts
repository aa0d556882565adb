/**
 * What a checkpoint's phone caches to decide offline (public: no session, no personal data): every
 * published signing key, and the ids of revoked passes. Both are small and change rarely; answers
 * carry a short Cache-Control so a crowd of phones refreshing at once is served by caches.
 */
import type { Kysely } from 'kysely';
import { toBase64Url } from '../../../domain/pass-token.js';
import type { Database } from '../../db/schema.js';
import type { SigningKeys } from '../../platform/signing.js';

export async function publicKeys(db: Kysely<Database>, signing: SigningKeys) {
  // The current keys are published on first use: make sure a fresh deployment lists them.
  await Promise.all([signing.current('pass'), signing.current('code')]);
  const rows = await db.selectFrom('signing_keys').selectAll().orderBy('created_at').orderBy('id').execute();
  return {
    keys: rows.map((r) => ({
      id: r.id,
      purpose: r.purpose,
      publicKey: toBase64Url(new Uint8Array(r.public_key)),
      retired: r.retired_at !== null,
    })),
  };
}

/**
 * Revoked passes: with `since`, those revoked at or after it (a phone's increment); without, every
 * revoked pass still within its validity (a phone's full list — an expired pass fails on its own).
 */
export async function revocations(db: Kysely<Database>, since: string | undefined) {
  const asOf = new Date();
  let qb = db.selectFrom('passes').select('id').where('revoked_at', 'is not', null);
  qb = since ? qb.where('revoked_at', '>=', new Date(since)) : qb.where('valid_until', '>', asOf);
  const rows = await qb.orderBy('revoked_at').orderBy('id').execute();
  return { ids: rows.map((r) => r.id), asOf: asOf.toISOString() };
}
