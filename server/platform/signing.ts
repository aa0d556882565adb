/**
 * Ed25519 signing keys for what a checkpoint verifies offline: passes (domain/pass-token.ts) and
 * residents' health-code tokens. The private key is derived from the deployment's master key
 * (platform/pii.ts `signingSeed`) and never stored; its public key is published in `signing_keys`
 * (GET /api/public/keys), which phones cache. A key's id names its purpose, generation and the start
 * of its public key's hash, so every server derives the same id.
 *
 * Rotation: a new generation (setting `signing.<purpose>.generation`) signs from then on; the older
 * public keys stay published (until retired) so passes already issued still verify.
 */
import crypto, { type KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { PiiCipher } from './pii.js';

export type SigningPurpose = 'pass' | 'code';

export interface SigningKey {
  id: string;
  purpose: SigningPurpose;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The raw 32-byte public key (what WebCrypto imports). */
  publicRaw: Buffer;
}

const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

export function ed25519FromSeed(seed: Buffer): {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicRaw: Buffer;
} {
  const privateKey = crypto.createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = crypto.createPublicKey(privateKey);
  const publicRaw = publicKey.export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519.length);
  return { privateKey, publicKey, publicRaw: Buffer.from(publicRaw) };
}

export function publicKeyFromRaw(raw: Uint8Array): KeyObject {
  return crypto.createPublicKey({
    key: Buffer.concat([SPKI_ED25519, Buffer.from(raw)]),
    format: 'der',
    type: 'spki',
  });
}

/** The key of a purpose and generation, derived (no I/O). */
export function deriveKey(pii: PiiCipher, purpose: SigningPurpose, generation: number): SigningKey {
  const { privateKey, publicKey, publicRaw } = ed25519FromSeed(pii.signingSeed(`${purpose} ${generation}`));
  const tag = crypto.createHash('sha256').update(publicRaw).digest('hex').slice(0, 8);
  return { id: `${purpose[0]}${generation}-${tag}`, purpose, privateKey, publicKey, publicRaw };
}

export function sign(key: SigningKey, text: string): Uint8Array {
  return new Uint8Array(crypto.sign(null, Buffer.from(text, 'ascii'), key.privateKey));
}

export function verifySignature(publicKey: KeyObject, text: string, signature: Uint8Array): boolean {
  try {
    return crypto.verify(null, Buffer.from(text, 'ascii'), publicKey, signature);
  } catch {
    return false;
  }
}

/**
 * The current signing key of each purpose, and every published public key, per process. The current
 * key's row is written on first use (idempotent); public keys are re-read at most every 30 s, so a
 * key published or retired by another server is seen soon.
 */
export class SigningKeys {
  readonly #current = new Map<SigningPurpose, Promise<SigningKey>>();
  #published: { at: number; keys: Map<string, { key: KeyObject; retired: boolean }> } | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly pii: PiiCipher,
  ) {}

  current(purpose: SigningPurpose): Promise<SigningKey> {
    let key = this.#current.get(purpose);
    if (!key) {
      key = this.#load(purpose);
      key.catch(() => this.#current.delete(purpose));
      this.#current.set(purpose, key);
    }
    return key;
  }

  async #load(purpose: SigningPurpose): Promise<SigningKey> {
    const setting = await this.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', `signing.${purpose}.generation`)
      .executeTakeFirst();
    const generation = Number(setting?.value ?? 1) || 1;
    const key = deriveKey(this.pii, purpose, generation);
    await this.db
      .insertInto('signing_keys')
      .values({ id: key.id, purpose, public_key: key.publicRaw })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    this.#published = null;
    return key;
  }

  /** Every published key (retired ones too, marked), re-read at most every 30 s. */
  async published(): Promise<Map<string, { key: KeyObject; retired: boolean }>> {
    if (this.#published && Date.now() - this.#published.at < 30_000) return this.#published.keys;
    const rows = await this.db.selectFrom('signing_keys').selectAll().execute();
    const keys = new Map(
      rows.map((r) => [r.id, { key: publicKeyFromRaw(r.public_key), retired: r.retired_at !== null }]),
    );
    this.#published = { at: Date.now(), keys };
    return keys;
  }

  /** Whether `signature` over `text` is by key `keyId`: null when no such key is published (or it is retired). */
  async verify(keyId: string, text: string, signature: Uint8Array): Promise<boolean | null> {
    let entry = (await this.published()).get(keyId);
    if (!entry && this.#published && Date.now() - this.#published.at > 1000) {
      this.#published = null; // a key published a moment ago by another server
      entry = (await this.published()).get(keyId);
    }
    if (!entry || entry.retired) return null;
    return verifySignature(entry.key, text, signature);
  }
}
