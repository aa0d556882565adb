import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, freshDatabase } from '../test/database.js';
import { PiiCipher } from './pii.js';
import { SigningKeys, deriveKey, sign, verifySignature } from './signing.js';

let db: TestDatabase;
const master = crypto.randomBytes(32);

beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(async () => db.destroy());

describe('signing keys', () => {
  it('derives the same key from the same master key on every server, and another from another', () => {
    const a = deriveKey(new PiiCipher(master), 'pass', 1);
    const b = deriveKey(new PiiCipher(Buffer.from(master)), 'pass', 1);
    expect(a.id).toBe(b.id);
    expect(a.publicRaw.equals(b.publicRaw)).toBe(true);
    expect(a.id).toMatch(/^p1-[0-9a-f]{8}$/);
    expect(deriveKey(new PiiCipher(master), 'code', 1).id).toMatch(/^c1-/);
    expect(deriveKey(new PiiCipher(master), 'pass', 2).publicRaw.equals(a.publicRaw)).toBe(false);
    expect(deriveKey(new PiiCipher(crypto.randomBytes(32)), 'pass', 1).publicRaw.equals(a.publicRaw)).toBe(
      false,
    );
  });

  it('signs so that the public key alone verifies, and a changed text or signature does not', () => {
    const key = deriveKey(new PiiCipher(master), 'pass', 1);
    const signature = sign(key, 'CDP1.abc');
    expect(signature).toHaveLength(64);
    expect(verifySignature(key.publicKey, 'CDP1.abc', signature)).toBe(true);
    expect(verifySignature(key.publicKey, 'CDP1.abd', signature)).toBe(false);
    const flipped = Uint8Array.from(signature);
    flipped[10]! ^= 1;
    expect(verifySignature(key.publicKey, 'CDP1.abc', flipped)).toBe(false);
    expect(verifySignature(key.publicKey, 'CDP1.abc', new Uint8Array(3))).toBe(false);
    // What a browser imports: the raw 32 bytes.
    expect(key.publicRaw).toHaveLength(32);
  });

  it('publishes the current key once, verifies by key id, and knows no other key', async () => {
    const keys = new SigningKeys(db.db, new PiiCipher(master));
    const key = await keys.current('pass');
    expect(await keys.current('pass')).toBe(key);
    await new SigningKeys(db.db, new PiiCipher(master)).current('pass'); // a second server: same row
    const rows = await db.db.selectFrom('signing_keys').selectAll().execute();
    expect(rows.map((r) => r.id)).toEqual([key.id]);
    const signature = sign(key, 'CDP1.xyz');
    expect(await keys.verify(key.id, 'CDP1.xyz', signature)).toBe(true);
    expect(await keys.verify(key.id, 'CDP1.xy', signature)).toBe(false);
    expect(await keys.verify('p9-00000000', 'CDP1.xyz', signature)).toBeNull();
  });

  it('no longer accepts a retired key', async () => {
    const keys = new SigningKeys(db.db, new PiiCipher(master));
    const key = await keys.current('code');
    const signature = sign(key, 'CDH1.q');
    expect(await keys.verify(key.id, 'CDH1.q', signature)).toBe(true);
    await db.db
      .updateTable('signing_keys')
      .set({ retired_at: new Date() })
      .where('id', '=', key.id)
      .execute();
    expect(
      await new SigningKeys(db.db, new PiiCipher(master)).verify(key.id, 'CDH1.q', signature),
    ).toBeNull();
  });
});
