import type { Migration } from './migration.js';
import { migration as m0001 } from './0001_platform.js';
import { migration as m0002 } from './0002_population.js';
import { migration as m0003 } from './0003_people_jpath_covering.js';
import { migration as m0004 } from './0004_testing.js';
import { migration as m0005 } from './0005_tracing.js';
import { migration as m0006 } from './0006_riskcontrol.js';

/** Every migration, in order. A new one is appended here (docs/ARCHITECTURE.md, "Adding a module"). */
export const MIGRATIONS: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006];
