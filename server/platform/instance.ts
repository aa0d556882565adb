/**
 * What every plugin can reach on the Fastify instance: the database, the settings of this
 * deployment and the outbox dispatcher. Decorated once in app.ts.
 */
import type { Kysely } from 'kysely';
import type { DatabaseHandle } from '../db/connect.js';
import type { Database } from '../db/schema.js';
import type { Dispatcher } from './outbox.js';
import type { PiiCipher } from './pii.js';
import type { TableSettler } from './settle.js';
import type { SigningKeys } from './signing.js';

export interface AppSettings {
  /** Demo mode: demo accounts log in, and the UI says so. */
  demo: boolean;
  /** The deployment's city, 4 digits (1310). */
  city: string;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  secureCookies: boolean;
  /** CORDON_DATA_DIR: uploaded ledgers wait in its imports/ folder. Unset (tests): a temp directory. */
  dataDir?: string;
  /** Largest ledger upload in bytes (CORDON_IMPORT_MAX_BYTES; 1 GiB when unset). */
  importMaxBytes?: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>;
    settings: AppSettings;
    dispatcher: Dispatcher;
    /** Encrypts, decrypts and hashes personal identifiers (platform/pii.ts). */
    pii: PiiCipher;
    /** Ed25519 keys that sign passes and health-code tokens (platform/signing.ts). */
    signing: SigningKeys;
    /** The database handle when the server owns one (serve): bulk uploads stage through COPY with it. */
    dbHandle: DatabaseHandle | null;
    /** VACUUM (ANALYZE) of the tables bulk paths filled, once their writes pause (platform/settle.ts). */
    settler: TableSettler;
  }
}
