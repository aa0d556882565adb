/**
 * Configuration from environment variables, with documented defaults (README.md, "Configuration").
 * Read once at start; everything else receives a Config object.
 */
import path from 'node:path';
import { projectRoot } from './paths.js';

export interface Config {
  port: number;
  host: string;
  /** Embedded database, keys and markers live here. */
  dataDir: string;
  /** Server PostgreSQL instead of the embedded database when set. */
  databaseUrl: string | undefined;
  /**
   * Connections to server PostgreSQL per server process. More than the database machine's cores
   * only adds context switches under load: requests wait cheaply for a connection in the pool
   * instead of running side by side in the database.
   */
  dbPoolSize: number;
  /** City whose divisions are loaded on first start (4-digit code). */
  city: string;
  /** Password of the `admin` account when it is first created; random and printed once otherwise. */
  adminPassword: string | undefined;
  /** Key of personal data at rest (32 bytes, hex or base64); else CORDON_DATA_DIR/keys/pii.key. */
  piiKey: string | undefined;
  /** Demo mode: demo accounts can log in and the UI says so. */
  demo: boolean;
  logLevel: string;
  /** Pretty, human logs instead of JSON lines. */
  prettyLogs: boolean;
  /** Trust X-Forwarded-For from a reverse proxy (for client IPs in the audit log). */
  trustProxy: boolean;
  /** Set the Secure flag on the session cookie (behind HTTPS). */
  secureCookies: boolean;
  /** Directory of the built web app served at /. */
  webDir: string;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  /** Largest ledger file accepted for import, in bytes. */
  importMaxBytes: number;
}

export class ConfigError extends Error {}

function intVar(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  return value;
}

function boolVar(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const city = env.CORDON_CITY ?? '1310';
  if (!/^\d{4}$/.test(city)) {
    throw new ConfigError(
      `CORDON_CITY must be a 4-digit city code such as 1310 (廊坊市), got "${city}". ` +
        'List the valid codes with: cordon import-divisions --list',
    );
  }
  const port = intVar(env, 'PORT', 3000);
  const dbPoolSize = intVar(env, 'CORDON_DB_POOL_SIZE', 10);
  if (dbPoolSize < 1) throw new ConfigError(`CORDON_DB_POOL_SIZE must be at least 1, got ${dbPoolSize}`);
  if (port > 65535) throw new ConfigError(`PORT must be at most 65535, got ${port}`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.CORDON_DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    dbPoolSize,
    city,
    adminPassword: env.CORDON_ADMIN_PASSWORD || undefined,
    piiKey: env.CORDON_PII_KEY || undefined,
    demo: boolVar(env, 'CORDON_DEMO', false),
    logLevel: env.LOG_LEVEL ?? 'info',
    prettyLogs: boolVar(env, 'CORDON_PRETTY_LOGS', Boolean(process.stdout.isTTY)),
    trustProxy: boolVar(env, 'CORDON_TRUST_PROXY', false),
    secureCookies: boolVar(env, 'CORDON_SECURE_COOKIES', false),
    webDir: path.resolve(env.CORDON_WEB_DIR ?? path.join(projectRoot, 'dist', 'web')),
    sessionIdleMinutes: intVar(env, 'CORDON_SESSION_IDLE_MINUTES', 12 * 60),
    sessionMaxHours: intVar(env, 'CORDON_SESSION_MAX_HOURS', 7 * 24),
    importMaxBytes: intVar(env, 'CORDON_IMPORT_MAX_BYTES', 1024 ** 3),
    ...overrides,
  };
}
