/**
 * The city as a stream: villages in code order, each county's ID sequences kept across its
 * villages, rendered into COPY batches of about `batchPeople` people. Runs on the main thread (tests,
 * the demo) or in worker threads (worker.ts), where each worker gets whole counties.
 */
import type { PiiCipher } from '../../../platform/pii.js';
import { IdSequences } from './people.js';
import { BirthDates } from './pyramid.js';
import { CopyBatch, type Table } from './render.js';
import { type VillageJob, type VillageOut, generateVillage, runContext } from './village.js';

export interface GeneratorInput {
  seed: string;
  cityCode: string;
  /** Ages are as of this date (YYYY-MM-DD). */
  asOf: string;
  villages: VillageJob[];
  batchPeople: number;
}

export interface RenderedBatch {
  data: Partial<Record<Table, Buffer>>;
  counts: Record<Table, number>;
  /** Per village of the batch: code, grids and buildings made (for --replace to find them again). */
  units: Array<[string, number, number]>;
}

/** Each village with what was generated for it, in the order of `input.villages`. */
export function* generateVillages(
  input: Omit<GeneratorInput, 'batchPeople'>,
): Generator<[VillageJob, VillageOut]> {
  const ctx = runContext(input.seed, input.cityCode, new BirthDates(input.asOf));
  const sequences = new Map<string, IdSequences>();
  for (const job of input.villages) {
    let county = sequences.get(job.countyCode);
    if (!county) sequences.set(job.countyCode, (county = new IdSequences(ctx.dates)));
    yield [job, generateVillage(ctx, county, job)];
  }
}

export function* renderBatches(input: GeneratorInput, pii: PiiCipher): Generator<RenderedBatch> {
  const batch = new CopyBatch(pii);
  let units: RenderedBatch['units'] = [];
  for (const [job, village] of generateVillages(input)) {
    batch.add(village);
    const grids = village.units.filter((u) => u.level === 'grid').length;
    units.push([job.code, grids, village.units.length - grids]);
    if (batch.counts.people >= input.batchPeople) {
      yield { ...batch.take(), units };
      units = [];
    }
  }
  if (units.length > 0) yield { ...batch.take(), units };
}
