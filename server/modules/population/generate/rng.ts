/**
 * A seeded pseudo-random generator for the synthetic city. Math.random cannot be seeded, and the
 * city must come out identical for the same seed; every village draws from its own stream (seeded
 * by the run's seed and the village's code), so a village's people do not depend on the order in
 * which villages are generated, nor on which thread generates them.
 *
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): 128 bits of state, passes PractRand,
 * a few nanoseconds a draw. Seeds are strings hashed to 128 bits with cyrb128.
 */

/** 128-bit hash of a string (four 32-bit words): cyrb128, public domain. */
export function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string) {
    [this.a, this.b, this.c, this.d] = cyrb128(seed);
    // The first outputs of a freshly seeded sfc32 are still correlated with the seed.
    for (let i = 0; i < 12; i++) this.next32();
  }

  /** A uniform 32-bit unsigned integer. */
  next32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next32() / 4294967296;
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)]!;
  }

  /** Standard normal (Box–Muller; one value per call — simplicity over the spare value). */
  normal(): number {
    const u = 1 - this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.float());
  }

  /** 8 random hex digits. */
  hex8(): string {
    const n = this.next32();
    return HEX[n >>> 24]! + HEX[(n >>> 16) & 255]! + HEX[(n >>> 8) & 255]! + HEX[n & 255]!;
  }
}

/**
 * Cumulative weights for weighted picks: pickIndex(rng, cumulative) costs a binary search instead
 * of a scan, which matters at millions of draws.
 */
export function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) out[i] = sum += weights[i]!;
  return out;
}

/** Index drawn with probability weight/total, optionally restricted to indexes [lo, hi]. */
export function pickIndex(rng: Rng, cum: Float64Array, lo = 0, hi = cum.length - 1): number {
  const base = lo > 0 ? cum[lo - 1]! : 0;
  const target = base + rng.float() * (cum[hi]! - base);
  let left = lo;
  let right = hi;
  while (left < right) {
    const mid = (left + right) >>> 1;
    if (cum[mid]! > target) right = mid;
    else left = mid + 1;
  }
  return left;
}

/**
 * A UUID whose first 48 bits are an ordinal (so rows generated in order sort in order, and the
 * primary-key btree grows at its right edge instead of splitting pages all over) and whose other
 * bits come from the stream. Version 8 ("custom"), RFC 9562 variant.
 */
export function orderedUuid(rng: Rng, ordinal: number): string {
  const high = Math.floor(ordinal / 0x10000);
  const low = ordinal % 0x10000;
  const r1 = rng.next32();
  const r2 = rng.hex8();
  const r3 = rng.hex8();
  return (
    high.toString(16).padStart(8, '0') +
    '-' +
    low.toString(16).padStart(4, '0') +
    '-8' +
    (r1 & 0xfff).toString(16).padStart(3, '0') +
    '-' +
    (0x8000 | ((r1 >>> 12) & 0x3fff)).toString(16) +
    '-' +
    r2.slice(0, 4) +
    r3
  );
}
