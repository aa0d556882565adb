/**
 * An open-loop, constant-rate HTTP load generator. Request i is due at start + i/rate; it is sent
 * then (or as soon as the generator gets the CPU), and its latency is measured from when it was
 * due, so time spent queueing — in the server or in this process — counts (no coordinated
 * omission). Connections are kept alive and opened on demand up to `maxSockets`.
 *
 * Why not autocannon: its rate mode sends each connection's per-second quota in a burst at the top
 * of every second, and "corrects" latencies with a fixed 1 ms interval — neither is a steady load.
 */
import http from 'node:http';
import { percentile } from './lib.js';

export interface LoadOptions {
  url: string;
  headers?: Record<string, string>;
  rate: number;
  seconds: number;
  maxSockets?: number;
  /** GET unless given; a body (request i's) makes it e.g. a POST of JSON (headers say its type). */
  method?: string;
  body?: (i: number) => string;
}

export interface LoadFigures {
  url: string;
  requests: number;
  /** Completed requests per second over the run. */
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
}

export function constantRate(options: LoadOptions): Promise<LoadFigures> {
  const target = new URL(options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64 });
  const total = Math.round(options.rate * options.seconds);
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  let sent = 0;
  let done = 0;
  const start = performance.now();

  return new Promise((resolve) => {
    const finish = () => {
      agent.destroy();
      const elapsed = (performance.now() - start) / 1000;
      const sorted = latencies.sort((a, b) => a - b);
      resolve({
        url: target.pathname + target.search,
        requests: done,
        rps: done / elapsed,
        p50: percentile(sorted, 50),
        p90: percentile(sorted, 90),
        p99: percentile(sorted, 99),
        max: sorted.at(-1) ?? NaN,
        errors,
        non2xx,
      });
    };
    const fire = (due: number, index: number) => {
      const payload = options.body?.(index);
      const req = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname + target.search,
          method: options.method ?? 'GET',
          headers:
            payload === undefined
              ? options.headers
              : { ...options.headers, 'content-length': String(Buffer.byteLength(payload)) },
          agent,
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - due);
            if (res.statusCode! < 200 || res.statusCode! >= 300) non2xx++;
            if (++done === total) finish();
          });
        },
      );
      req.on('error', () => {
        errors++;
        if (++done === total) finish();
      });
      req.end(payload);
    };
    const tick = () => {
      const now = performance.now();
      // Everything due by now goes out now, each stamped with the time it was due.
      while (sent < total && start + (sent * 1000) / options.rate <= now) {
        fire(start + (sent * 1000) / options.rate, sent);
        sent++;
      }
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
}
