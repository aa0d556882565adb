/**
 * Offline pass verification (issue: risk control, speed): what a checkpoint's phone does with a
 * scanned token and nothing else — decode, look up the signing key, verify the Ed25519 signature,
 * check revocation, validity and route (domain/pass-token.ts) — per second on one core. Target ≥
 * 5,000 per second per core.
 *
 * 1,000 distinct supply-vehicle passes signed with one key; a cached revocation list of 10,000
 * ids. Baseline in the same run: the bare signature verification of the same tokens (crypto.verify
 * with the same key object), which no checker can beat. Ratio = checker / baseline.
 */
import crypto from 'node:crypto';
import { checkPass, decodePass, passClaims, passSigningText, passToken } from '../domain/pass-token.js';
import { say } from './lib.js';

const PASSES = 1_000;
const SECONDS = Number(process.env.BENCH_PASS_SECONDS ?? 3);

export interface PassBenchResult {
  tokens: number;
  tokenBytes: number;
  perSecond: number;
  baselinePerSecond: number;
  ratio: number;
  passed: number;
}

/** Runs `step` over the tokens for SECONDS; calls per second. */
function rate(tokens: string[], step: (token: string) => void): number {
  for (let i = 0; i < 200; i++) step(tokens[i % tokens.length]!); // warm-up
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < SECONDS * 1000) {
    for (let i = 0; i < 100; i++) step(tokens[(n + i) % tokens.length]!);
    n += 100;
  }
  return n / ((performance.now() - t0) / 1000);
}

export function passesBench(): PassBenchResult {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const keys = new Map([['k2022a', publicKey]]);
  const now = new Date('2022-03-20T08:00:00+08:00');
  const tokens: string[] = [];
  for (let i = 0; i < PASSES; i++) {
    const text = passSigningText(
      passClaims({
        id: crypto.randomUUID(),
        keyId: 'k2022a',
        type: 'supply_vehicle',
        plate: `冀R·${String(10000 + i).slice(-5)}`,
        drivers: [
          { name: '张师傅', idNumber: `1310021980040${String(1000 + (i % 9000)).padStart(4, '0')}1` },
        ],
        route: ['JJ-01', 'JJ-02', 'JJ-05', 'JJ-07'],
        validFrom: new Date('2022-03-16T00:00:00+08:00'),
        validUntil: new Date('2022-03-31T23:59:59+08:00'),
      }),
    );
    tokens.push(passToken(text, new Uint8Array(crypto.sign(null, Buffer.from(text), privateKey))));
  }
  const revoked = new Set(Array.from({ length: 10_000 }, () => crypto.randomUUID()));
  let passed = 0;
  const perSecond = rate(tokens, (token) => {
    const decoded = decodePass(token);
    const key = decoded.ok ? keys.get(decoded.claims.k) : undefined;
    const valid = !decoded.ok
      ? false
      : key
        ? crypto.verify(null, Buffer.from(decoded.signed), key, decoded.signature)
        : null;
    if (checkPass(decoded, { now, checkpoint: 'JJ-02', signatureValid: valid, revoked }).verdict === 'pass')
      passed++;
  });
  // The baseline: the signatures alone, over the same bytes, prepared beforehand.
  const prepared = new Map(
    tokens.map((t) => {
      const d = decodePass(t) as { signed: string; signature: Uint8Array };
      return [t, { data: Buffer.from(d.signed), signature: d.signature }];
    }),
  );
  const baselinePerSecond = rate(tokens, (token) => {
    const p = prepared.get(token)!;
    crypto.verify(null, p.data, publicKey, p.signature);
  });
  if (passed === 0) throw new Error('no pass was accepted: the bench checks nothing');
  return {
    tokens: PASSES,
    tokenBytes: Math.round(tokens.reduce((n, t) => n + Buffer.byteLength(t), 0) / tokens.length),
    perSecond,
    baselinePerSecond,
    ratio: perSecond / baselinePerSecond,
    passed,
  };
}

export function printPassesBench(r: PassBenchResult): void {
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  say(
    `  ${n(r.tokens)} supply-vehicle passes, ${r.tokenBytes} bytes each as QR text\n` +
      `            offline check (decode, key, Ed25519, revocation, validity, route): ${n(r.perSecond)}/s on one core ` +
      `(target ≥ 5,000: ${r.perSecond >= 5000 ? 'met' : 'NOT MET'})\n` +
      `            baseline, the bare signature verification: ${n(r.baselinePerSecond)}/s; ratio ${r.ratio.toFixed(2)}`,
  );
}
