/**
 * Where batches come from: the main thread itself (threads = 0: tests, the small demo city), or
 * worker threads that generate and encrypt while the main thread waits on the database — on a
 * 2-core machine one worker and the database server each keep a core busy.
 */
import { Worker } from 'node:worker_threads';
import type { PiiCipher } from '../../../platform/pii.js';
import { type GeneratorInput, type RenderedBatch, renderBatches } from './batches.js';
import type { Table } from './render.js';
import type { VillageJob } from './village.js';
import type { WorkerInput, WorkerMessage } from './worker.js';

export interface Producer {
  /** The next batch, or null when every village is done. */
  next(): Promise<RenderedBatch | null>;
  close(): Promise<void>;
}

export function inProcess(input: GeneratorInput, pii: PiiCipher): Producer {
  const batches = renderBatches(input, pii);
  return {
    next: async () => {
      const next = batches.next();
      return next.done ? null : next.value;
    },
    close: async () => undefined,
  };
}

/**
 * Starts the worker module. From compiled JavaScript it is worker.js beside this file; from
 * TypeScript sources (tests, benchmarks under tsx) the worker registers tsx's loader first.
 */
function startWorker(data: WorkerInput): Worker {
  // A larger young generation: the worker makes millions of short-lived strings, buffers and cipher
  // objects, and with V8's default semi-spaces garbage collection took a fifth of its time.
  const options = { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: 96 } };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url), options);
  const entry = new URL('./worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { ...options, eval: true });
}

/** Splits the villages into `n` shares of whole counties, largest counties first, balanced by people. */
export function shareCounties(villages: VillageJob[], n: number): VillageJob[][] {
  const counties = new Map<string, VillageJob[]>();
  for (const v of villages) counties.set(v.countyCode, [...(counties.get(v.countyCode) ?? []), v]);
  const size = (list: VillageJob[]): number => list.reduce((s, v) => s + v.people, 0);
  const shares = Array.from({ length: n }, () => ({ people: 0, villages: [] as VillageJob[] }));
  for (const list of [...counties.values()].sort((a, b) => size(b) - size(a))) {
    const lightest = shares.reduce((a, b) => (b.people < a.people ? b : a));
    lightest.villages.push(...list);
    lightest.people += size(list);
  }
  return shares.map((s) => s.villages.sort((a, b) => a.ordinal - b.ordinal)).filter((s) => s.length > 0);
}

const asBuffer = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

export function inWorkers(input: GeneratorInput, key: Uint8Array, threads: number): Producer {
  const ready: Array<{ batch: RenderedBatch; from: Worker }> = [];
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  let running = 0;
  const workers = shareCounties(input.villages, threads).map((villages) => {
    const worker = startWorker({ ...input, villages, key });
    let finished = false;
    running++;
    worker.on('message', (m: WorkerMessage) => {
      if ('batch' in m) {
        const data: Partial<Record<Table, Buffer>> = {};
        for (const [table, bytes] of Object.entries(m.batch.data)) data[table as Table] = asBuffer(bytes);
        ready.push({ batch: { ...m.batch, data }, from: worker });
      } else if ('done' in m) {
        // Both requests in flight are answered 'done'; count the worker once.
        if (!finished) running--;
        finished = true;
      } else failure = new Error(`population worker failed: ${m.error}`);
      wake?.();
    });
    worker.on('error', (error) => {
      failure = error;
      wake?.();
    });
    // Two requests in flight per worker: it makes the next batch while the main thread loads one.
    // A new request goes out only when a batch is taken, so at most two wait in memory per worker.
    worker.postMessage('next');
    worker.postMessage('next');
    return worker;
  });
  return {
    next: async () => {
      for (;;) {
        if (failure) throw failure;
        const item = ready.shift();
        if (item) {
          item.from.postMessage('next');
          return item.batch;
        }
        if (running === 0) return null;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    },
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
