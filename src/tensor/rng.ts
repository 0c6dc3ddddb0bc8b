// Seeded random numbers, bit-identical on every JavaScript runtime.
// Only integer ops, IEEE +,*,/ and sqrt are used (no Math.log/exp, whose last
// bits differ between engines). Imports only the error module.

import { ValueError, describe } from '../core/errors.ts';

/**
 * xoshiro128** seeded through splitmix32. `float()` has 53 random bits
 * (numpy's res53 construction); `normal()` is Marsaglia's polar method over a
 * portable logarithm, so the same seed gives the same numbers everywhere.
 *
 * @example
 * const rng = new Rng(0);
 * rng.float(); // [0, 1)
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare: number | null = null;

  constructor(seed = 0) {
    if (!Number.isSafeInteger(seed))
      throw new ValueError(
        `Rng: seed must be an integer (a safe integer, e.g. 0 to 4294967295). Got ${describe(seed)} instead.`,
      );
    // Seeds in [0, 2^32) seed splitmix32 directly; the high part of a larger or negative seed is mixed in
    // afterwards, so distinct seeds give distinct streams.
    const hi = Math.floor(seed / 4294967296);
    let x = (seed - hi * 4294967296) >>> 0;
    const mix = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = mix();
    this.s1 = mix();
    this.s2 = mix();
    this.s3 = mix();
    if (hi !== 0) {
      x ^= Math.imul(hi, 0x27d4eb2d) >>> 0;
      this.s0 ^= mix();
      this.s1 ^= mix();
      this.s2 ^= mix();
      this.s3 ^= mix();
      this.s0 >>>= 0;
      this.s1 >>>= 0;
      this.s2 >>>= 0;
      this.s3 >>>= 0;
    }
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next unsigned 32-bit integer. */
  uint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  float(): number {
    const a = this.uint32() >>> 5;
    const b = this.uint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** Uniform in [min, max). */
  uniform(min = 0, max = 1): number {
    return min + (max - min) * this.float();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Standard normal draw (mean 0, standard deviation 1). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    for (;;) {
      const u = 2 * this.float() - 1;
      const v = 2 * this.float() - 1;
      const s = u * u + v * v;
      if (s >= 1 || s === 0) continue;
      const f = Math.sqrt((-2 * portableLog(s)) / s);
      this.spare = v * f;
      return u * f;
    }
  }

  /** In-place Fisher-Yates shuffle. */
  shuffle<T extends { length: number; [i: number]: unknown }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /** The generator's state, to resume the same sequence later. */
  getState(): number[] {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0, this.spare ?? NaN];
  }

  /** Restores a state from `getState()`. */
  setState(state: ReadonlyArray<number | null>): this {
    if (
      !Array.isArray(state) ||
      state.length !== 5 ||
      state.slice(0, 4).some((v) => typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffffffff)
    ) {
      throw new ValueError('Rng.setState: expected [s0, s1, s2, s3, spare] with 32-bit unsigned integers.');
    }
    if (state.slice(0, 4).every((v) => v === 0))
      throw new ValueError('Rng.setState: an all-zero state would repeat 0 forever.');
    // The cached normal draw: NaN when none (JSON turns NaN into null).
    const spare = (state[4] ?? NaN) as number;
    if (typeof spare !== 'number' || (!Number.isNaN(spare) && !Number.isFinite(spare)))
      throw new ValueError(
        'Rng.setState: the fifth entry (the cached normal draw) must be a finite number, NaN or null.',
      );
    [this.s0, this.s1, this.s2, this.s3] = state as [number, number, number, number];
    this.spare = Number.isNaN(spare) ? null : spare;
    return this;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // little-endian: high word is index 1
const LN2 = 0.6931471805599453;

/**
 * Natural log of a positive normal double from +,*,/ only (bit-identical on
 * every engine). x = m * 2^e with m in [sqrt(1/2), sqrt(2)); log m from the
 * atanh series in s = (m-1)/(m+1), |s| < 0.172, summed to below 1 ulp.
 */
export function portableLog(x: number): number {
  F64[0] = x;
  let e = ((U32[HI] as number) >>> 20) - 1023;
  U32[HI] = ((U32[HI] as number) & 0x800fffff) | 0x3ff00000; // m in [1, 2)
  let m = F64[0] as number;
  if (m > Math.SQRT2) {
    m /= 2;
    e += 1;
  }
  const s = (m - 1) / (m + 1);
  const s2 = s * s;
  let term = s;
  let sum = 0;
  for (let k = 1; k < 40; k += 2) {
    sum += term / k;
    term *= s2;
    if (term < 1e-18 && term > -1e-18) break;
  }
  return 2 * sum + e * LN2;
}

let seedSource: Rng | null = null;

/**
 * Runs `fn` with a seeded source of default seeds, so models created inside
 * without an explicit seed (a user's build function) are reproducible
 * (SciKeras' random_state context). Outside, default seeds are random.
 */
export function withSeed<T>(seed: number, fn: () => T): T {
  const prev = seedSource;
  seedSource = new Rng(seed);
  try {
    return fn();
  } finally {
    seedSource = prev;
  }
}

/** A seed for an object created without one: from `withSeed`'s source if active, else random. */
export function defaultSeed(): number {
  return seedSource !== null ? seedSource.uint32() : Math.floor(Math.random() * 4294967296);
}
