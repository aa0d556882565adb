/**
 * `cordon serve`: open the database, migrate, load the city's divisions on first start, make sure
 * the admin (and in demo mode the demo accounts) exist, then listen. SIGTERM/SIGINT: stop taking
 * requests, let in-flight ones finish, stop background work, close the database, exit.
 */
import { build } from './app.js';
import type { Config } from './config.js';
import { type DatabaseHandle, openDatabase } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { loggerOptions } from './logger.js';
import { deleteExpiredSessions } from './modules/auth/sessions.repo.js';
import { pruneAttempts } from './modules/auth/login-throttle.js';
import {
  DEMO_PASSWORD,
  ensureAdmin,
  ensureDemoAccounts,
  ensureDemoPopulation,
  ensureDivisions,
} from './modules/system/bootstrap.js';
import { recoverImports } from './modules/population/import/import.service.js';
import { ensureDemoTesting } from './modules/testing/demo.js';
import { ensureDemoTracing } from './modules/tracing/demo.js';
import { ensureDemoRiskControl } from './modules/riskcontrol/demo.js';
import { scheduleRiskDay } from './modules/riskcontrol/daily.js';
import { SigningKeys } from './platform/signing.js';
import { version } from './paths.js';
import { pruneOutbox } from './platform/outbox.js';
import { PiiCipher, checkKeyFingerprint, loadPiiKey } from './platform/pii.js';

const SHUTDOWN_GRACE_MS = 20_000;
/** An import whose heartbeat (every 10 s) is older than this lost its process. */
const IMPORT_STALE_MS = 60_000;

export interface Started {
  url: string;
  close(): Promise<void>;
}

function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

export async function serve(config: Config): Promise<Started> {
  const started = Date.now();
  say(`Cordon ${version} — starting (${config.databaseUrl ? 'PostgreSQL' : 'embedded database'})`);
  const handle: DatabaseHandle = await openDatabase({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    poolSize: config.dbPoolSize,
  });
  let app: Awaited<ReturnType<typeof build>> | undefined;
  try {
    const applied = await migrateToLatest(handle.db);
    if (applied.length > 0) say(`  schema: applied ${applied.length} migration(s) (${applied.at(-1)})`);

    const imported = await ensureDivisions(handle.db, config.city);
    if (imported) {
      say(
        `  divisions: loaded ${imported.city.name} — ${imported.counties} county-level units, ` +
          `${imported.towns} towns/streets, ${imported.villages} villages/communities` +
          (imported.map ? '' : ' (no map outlines for this city)'),
      );
    }
    const piiKey = loadPiiKey(config.dataDir, config.piiKey);
    const pii = new PiiCipher(piiKey.key);
    await checkKeyFingerprint(handle.db, pii);

    // Before the demo accounts: the demo grid worker is then placed in a generated grid with people.
    const population = config.demo ? await ensureDemoPopulation(handle, piiKey.key, config.city) : null;
    if (population) {
      say(
        `  population: ${population.rows.people.toLocaleString('en-US')} synthetic people for the demo ` +
          `in ${(population.ms.total / 1000).toFixed(1)} s (the full city: cordon generate-population --replace)`,
      );
    }

    const admin = await ensureAdmin(handle.db, config.city, config.adminPassword);
    const demoAccounts = config.demo ? await ensureDemoAccounts(handle.db, config.city) : [];
    const testing = config.demo ? await ensureDemoTesting(handle, pii) : null;
    if (testing) {
      say(
        `  testing: a demo round with ${testing.sampled.toLocaleString('en-US')} people sampled in ` +
          `${testing.tubes.toLocaleString('en-US')} tubes`,
      );
    }
    const tracing = config.demo ? await ensureDemoTracing(handle, pii) : null;
    if (tracing) {
      say(
        `  tracing: ${tracing.cases} demo cases, ${tracing.contacts} contacts, ` +
          `${tracing.events.toLocaleString('en-US')} big-data exposure events`,
      );
    }

    const risk = config.demo
      ? await ensureDemoRiskControl(handle, pii, new SigningKeys(handle.db, pii), config.city)
      : null;
    if (risk) {
      say(
        `  risk control: ${risk.zones} demo zones, ${risk.checkpoints} checkpoints, ${risk.passes} passes; ` +
          `codes computed: ${risk.red} red, ${risk.yellow} yellow`,
      );
    }

    app = await build({
      db: handle.db,
      handle,
      pii,
      settings: {
        demo: config.demo,
        city: config.city,
        sessionIdleMinutes: config.sessionIdleMinutes,
        sessionMaxHours: config.sessionMaxHours,
        secureCookies: config.secureCookies,
        dataDir: config.dataDir,
        importMaxBytes: config.importMaxBytes,
      },
      logger: loggerOptions(config.logLevel, config.prettyLogs),
      webDir: config.webDir,
      trustProxy: config.trustProxy,
    });
    await app.listen({ port: config.port, host: config.host });

    const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    const url = `http://${shownHost}:${config.port}`;
    say('');
    say(
      `  Cordon is ready at ${url}   (API docs: ${url}/docs)   in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    say(`  data: ${handle.location}`);
    say(`  personal-data key: ${piiKey.source}`);
    if (admin.generatedPassword) {
      say(`  administrator: admin / ${admin.generatedPassword}`);
      say('  (shown once — note it now, or set CORDON_ADMIN_PASSWORD before the first start)');
    } else {
      say('  administrator: admin (password as set or printed at first start)');
    }
    if (config.demo) {
      say(`  DEMO MODE — demo accounts, password ${DEMO_PASSWORD}:`);
      for (const a of demoAccounts)
        say(`    ${a.username.padEnd(20)} ${a.role.padEnd(20)} ${a.jurisdictionName}`);
    }
    say('');

    const housekeeping = setInterval(() => {
      const db = handle.db;
      const policy = { idleMinutes: config.sessionIdleMinutes, maxHours: config.sessionMaxHours };
      Promise.all([deleteExpiredSessions(db, policy), pruneAttempts(db), pruneOutbox(db)]).catch(
        (error: unknown) => app?.log.error({ err: error }, 'housekeeping failed'),
      );
    }, 3600_000);
    housekeeping.unref();

    // Ledger imports left 'running' by a killed process resume from their cursor. The embedded
    // database has one process, so every such job is stale now; on PostgreSQL another server may
    // still be running it, so only a stopped heartbeat counts, checked again every minute.
    const importStale = config.databaseUrl ? IMPORT_STALE_MS : 0;
    const resumedImports = await recoverImports(app.importJobs, importStale, true);
    if (resumedImports.length > 0) say(`  imports: resumed ${resumedImports.length} interrupted import(s)`);
    const importSweep = setInterval(() => {
      recoverImports(app!.importJobs, IMPORT_STALE_MS, false).catch((error: unknown) =>
        app?.log.error({ err: error }, 'import recovery failed'),
      );
    }, 60_000);
    importSweep.unref();

    // Each China day: every active zone evaluated, the health codes whose day has come recomputed.
    const stopRiskDay = scheduleRiskDay(handle.db, app.log);

    let closing: Promise<void> | undefined;
    const close = (): Promise<void> => {
      closing ??= (async () => {
        clearInterval(housekeeping);
        clearInterval(importSweep);
        await stopRiskDay();
        await app!.close();
        await handle.close();
      })();
      return closing;
    };
    return { url, close };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await handle.close().catch(() => undefined);
    throw error;
  }
}

/** Wires SIGTERM/SIGINT to a graceful close with a hard deadline. */
export function closeOnSignals(started: Started): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalled) return;
    signalled = true;
    say(`${signal}: finishing in-flight requests, then closing the database…`);
    const deadline = setTimeout(() => {
      say(`could not close within ${SHUTDOWN_GRACE_MS / 1000} s; exiting anyway`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    deadline.unref();
    started.close().then(
      () => {
        say('closed cleanly');
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`error while closing: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
