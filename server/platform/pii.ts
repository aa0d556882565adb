/**
 * Personal identifiers at rest: AES-256-GCM ciphertext for the value, HMAC-SHA256 for exact lookups.
 * The master key comes from CORDON_PII_KEY or a file in CORDON_DATA_DIR/keys, never from the
 * database; a fingerprint of it is stored in `settings` so that a server started with another key
 * refuses to run instead of writing rows nobody can read.
 *
 * Ciphertext layout: version (1 byte, 0x01) ‖ IV (12) ‖ tag (16) ‖ ciphertext.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const IV_POOL = 4096;

export class KeyError extends Error {}

export class PiiCipher {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;
  private readonly signingRoot: Buffer;
  private ivPool = Buffer.alloc(0);
  private ivAt = 0;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new KeyError('the personal-data key must be 32 bytes');
    this.encKey = Buffer.from(
      crypto.hkdfSync('sha256', masterKey, Buffer.alloc(0), 'cordon pii encryption', 32),
    );
    this.macKey = Buffer.from(crypto.hkdfSync('sha256', masterKey, Buffer.alloc(0), 'cordon pii lookup', 32));
    this.signingRoot = Buffer.from(
      crypto.hkdfSync('sha256', masterKey, Buffer.alloc(0), 'cordon signing keys', 32),
    );
  }

  /**
   * The 32-byte seed of a signing key (platform/signing.ts): derived from the master key, so every
   * server of the deployment signs with the same key and no private key is ever stored.
   */
  signingSeed(name: string): Buffer {
    return Buffer.from(crypto.hkdfSync('sha256', this.signingRoot, Buffer.alloc(0), `cordon ${name}`, 32));
  }

  /** A throwaway key: tests and benchmarks only — nothing it encrypts survives the process. */
  static ephemeral(): PiiCipher {
    return new PiiCipher(crypto.randomBytes(32));
  }

  /** Identifies the key without revealing it (stored in settings, compared at start). */
  fingerprint(): string {
    return crypto
      .createHmac('sha256', this.macKey)
      .update('cordon key fingerprint')
      .digest('hex')
      .slice(0, 16);
  }

  /** IVs come from a pooled buffer of random bytes: one syscall per 4,096 values on bulk paths. */
  private nextIv(): Buffer {
    if (this.ivAt + IV_BYTES > this.ivPool.length) {
      this.ivPool = crypto.randomBytes(IV_BYTES * IV_POOL);
      this.ivAt = 0;
    }
    const iv = this.ivPool.subarray(this.ivAt, this.ivAt + IV_BYTES);
    this.ivAt += IV_BYTES;
    return iv;
  }

  encrypt(plain: string): Buffer {
    const iv = this.nextIv();
    const cipher = crypto.createCipheriv('aes-256-gcm', this.encKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.of(VERSION), iv, cipher.getAuthTag(), body]);
  }

  decrypt(data: Uint8Array): string {
    const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    if (buf[0] !== VERSION || buf.length < 1 + IV_BYTES + TAG_BYTES) {
      throw new KeyError('unknown ciphertext format');
    }
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.encKey, buf.subarray(1, 1 + IV_BYTES));
    decipher.setAuthTag(buf.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES));
    return Buffer.concat([
      decipher.update(buf.subarray(1 + IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  }

  /** Keyed hash of a normalised value (the caller normalises: parseIdNumber, parsePhone). */
  hash(normalised: string): Buffer {
    return crypto.createHmac('sha256', this.macKey).update(normalised).digest();
  }
}

/** 32 bytes as 64 hex characters or base64. */
export function parseKey(text: string, where: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) {
    throw new KeyError(
      `${where} must hold a 32-byte key as 64 hex characters or base64 (got ${key.length} bytes)`,
    );
  }
  return key;
}

/**
 * The key from CORDON_PII_KEY, else from `<dataDir>/keys/pii.key`, created (mode 0600) when neither
 * exists. Several servers on one PostgreSQL must share it: set CORDON_PII_KEY on each.
 */
export function loadPiiKey(dataDir: string, envKey: string | undefined): { key: Buffer; source: string } {
  if (envKey) return { key: parseKey(envKey, 'CORDON_PII_KEY'), source: 'CORDON_PII_KEY' };
  const file = path.join(dataDir, 'keys', 'pii.key');
  if (fs.existsSync(file)) return { key: parseKey(fs.readFileSync(file, 'utf8'), file), source: file };
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = crypto.randomBytes(32);
  // 'wx': never overwrite a key another process wrote meanwhile — that would orphan its data.
  fs.writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  return { key, source: file };
}

/**
 * Records the key's fingerprint on first use; refuses a key other than the one the database's
 * personal data was written with.
 */
export async function checkKeyFingerprint(db: Kysely<Database>, cipher: PiiCipher): Promise<void> {
  const fingerprint = cipher.fingerprint();
  await sql`insert into settings (key, value) values ('pii_key_fingerprint', ${JSON.stringify(fingerprint)}::jsonb)
    on conflict (key) do nothing`.execute(db);
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', 'pii_key_fingerprint')
    .executeTakeFirst();
  if (row && row.value !== fingerprint) {
    throw new KeyError(
      `this database's personal data was encrypted with another key (fingerprint ${String(row.value)}, ` +
        `this server has ${fingerprint}). Start with the original CORDON_PII_KEY or keys/pii.key; ` +
        'nothing was changed.',
    );
  }
}
