/**
 * Worker-thread entry: generates and encrypts its share of the city while the main thread streams
 * COPY. Pull-based — one batch per 'next' message — so a fast generator cannot fill memory while
 * the database is slower.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PiiCipher } from '../../../platform/pii.js';
import { type GeneratorInput, type RenderedBatch, renderBatches } from './batches.js';

export interface WorkerInput extends GeneratorInput {
  /** The deployment's personal-data master key (never leaves the process). */
  key: Uint8Array;
}

export type WorkerMessage = { batch: RenderedBatch } | { done: true } | { error: string };

const input = workerData as WorkerInput;
const batches = renderBatches(input, new PiiCipher(Buffer.from(input.key)));

/** Buffers that own their memory can be moved to the main thread instead of copied. */
function transferable(batch: RenderedBatch): ArrayBuffer[] {
  return Object.values(batch.data)
    .filter((b) => b.byteOffset === 0 && b.byteLength === b.buffer.byteLength)
    .map((b) => b.buffer as ArrayBuffer);
}

parentPort!.on('message', () => {
  try {
    const next = batches.next();
    if (next.done) parentPort!.postMessage({ done: true } satisfies WorkerMessage);
    else parentPort!.postMessage({ batch: next.value } satisfies WorkerMessage, transferable(next.value));
  } catch (error) {
    parentPort!.postMessage({ error: (error as Error).stack ?? String(error) } satisfies WorkerMessage);
  }
});
