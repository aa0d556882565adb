import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, freshDatabase } from '../test/database.js';
import { KeyError, PiiCipher, checkKeyFingerprint, loadPiiKey, parseKey } from './pii.js';

describe('PiiCipher', () => {
  const cipher = new PiiCipher(Buffer.alloc(32, 1));

  it('encrypts to a different ciphertext each time and decrypts back', () => {
    const a = cipher.encrypt('131002198506151237');
    const b = cipher.encrypt('131002198506151237');
    expect(Buffer.compare(a, b)).not.toBe(0);
    expect(a.toString('latin1')).not.toContain('131002');
    expect(cipher.decrypt(a)).toBe('131002198506151237');
    expect(cipher.decrypt(new Uint8Array(b))).toBe('131002198506151237');
  });

  it('refuses a tampered ciphertext and another key', () => {
    const data = cipher.encrypt('13812345678');
    const tampered = Buffer.from(data);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => cipher.decrypt(tampered)).toThrow();
    expect(() => new PiiCipher(Buffer.alloc(32, 2)).decrypt(data)).toThrow();
  });

  it('hashes deterministically per key, for exact lookups', () => {
    expect(cipher.hash('x').equals(cipher.hash('x'))).toBe(true);
    expect(cipher.hash('x').equals(new PiiCipher(Buffer.alloc(32, 2)).hash('x'))).toBe(false);
  });
});

describe('the key', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cordon-key-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is generated once into the data directory, private, and read back', () => {
    const first = loadPiiKey(dir, undefined);
    const file = path.join(dir, 'keys', 'pii.key');
    expect(first.source).toBe(file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadPiiKey(dir, undefined).key.equals(first.key)).toBe(true);
  });

  it('comes from CORDON_PII_KEY when set, hex or base64, 32 bytes only', () => {
    const hex = 'ab'.repeat(32);
    expect(loadPiiKey(dir, hex)).toMatchObject({ source: 'CORDON_PII_KEY' });
    expect(parseKey(Buffer.alloc(32, 9).toString('base64'), 'k').equals(Buffer.alloc(32, 9))).toBe(true);
    expect(() => parseKey('too-short', 'CORDON_PII_KEY')).toThrow(/CORDON_PII_KEY must hold a 32-byte key/);
  });
});

describe('the key fingerprint', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(async () => db.destroy());

  it('is recorded on first use and a different key is refused', async () => {
    await checkKeyFingerprint(db.db, new PiiCipher(Buffer.alloc(32, 3)));
    await checkKeyFingerprint(db.db, new PiiCipher(Buffer.alloc(32, 3)));
    const error = await checkKeyFingerprint(db.db, new PiiCipher(Buffer.alloc(32, 4))).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KeyError);
    expect((error as Error).message).toMatch(/encrypted with another key/);
  });
});
