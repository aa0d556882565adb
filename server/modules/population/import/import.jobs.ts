/**
 * The import jobs this process runs, so that shutdown can stop them cleanly (each finishes its
 * batch and becomes 'interrupted') and a job is never run twice here. Across servers the database
 * decides: a job starts only through a conditional UPDATE to 'running'.
 */
import type { Actor } from '../../../platform/context.js';
import { type ImportDeps, type RunOptions, SimulatedCrash, runImport } from './import.runner.js';

export class ImportJobs {
  private readonly running = new Map<string, { controller: AbortController; done: Promise<void> }>();

  constructor(
    readonly deps: ImportDeps,
    /** Options for every job (tests set small batches). */
    readonly defaults: RunOptions = {},
  ) {}

  /** Runs a job already marked 'running'; resolves when it ends, never rejects. */
  start(jobId: string, actor: Actor, options: RunOptions = {}): Promise<void> {
    const existing = this.running.get(jobId);
    if (existing) return existing.done;
    const controller = new AbortController();
    const done = runImport(this.deps, jobId, actor, {
      ...this.defaults,
      ...options,
      signal: controller.signal,
    })
      .catch((error: unknown) => {
        if (!(error instanceof SimulatedCrash))
          this.deps.log.error({ err: error, importId: jobId }, 'import job crashed');
      })
      .finally(() => this.running.delete(jobId));
    this.running.set(jobId, { controller, done });
    return done;
  }

  isRunning(jobId: string): boolean {
    return this.running.has(jobId);
  }

  runningIds(): string[] {
    return [...this.running.keys()];
  }

  /** Resolves when the job (if running here) has stopped. */
  async settled(jobId: string): Promise<void> {
    await this.running.get(jobId)?.done;
  }

  /** Shutdown: every job stops after its current batch. */
  async stopAll(): Promise<void> {
    for (const job of this.running.values()) job.controller.abort();
    await Promise.all([...this.running.values()].map((j) => j.done));
  }
}
