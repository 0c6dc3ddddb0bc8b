// Micro suites on benny (setup outside the timed function): M, matrix products
// in GFLOP/s on squares and the MLP shapes, plus one W1 training step and one W1 epoch; numpy timed by the python peer.

import { add, suite } from 'benny';
import { Tensor, backendInfo, forceCpuBackend, matmulInto, typescriptBackend } from '../src/tensor/index.ts';
import type { Matrix } from './data.ts';
import { BENCH_THREADS, buildSequential } from './ours.ts';
import { useSingleThread, useThreads } from '../src/threads/index.ts';
import { buildTfModel, loadTf, useTfBackend, type TfBackend } from './peers/tfjs.ts';
import type { SklearnPeer } from './peers/sklearn.ts';
import type { FrameworkName } from './runner.ts';
import type { Spread } from './score.ts';
import type { Workload } from './workloads.ts';

/** One matrix product C (m x n) = op(A) . op(B). */
export interface Shape {
  label: string;
  m: number;
  k: number;
  n: number;
  tA: boolean;
  tB: boolean;
}

export interface MicroOptions {
  squares: readonly number[];
  /** Dense layers (batch, in, out) whose forward and both backward products are timed. */
  dense: readonly (readonly [number, number, number])[];
  /** benny (benchmark.js) settings per case: seconds and samples. */
  maxTime: number;
  minSamples: number;
  /** Budget per shape for numpy, milliseconds. */
  numpyBudgetMs: number;
  /** Time a W1 training step and epoch too. */
  training: boolean;
}

export interface MicroCase {
  suite: 'matmul' | 'train step' | 'epoch';
  label: string;
  key: string;
  framework: FrameworkName;
  variant: string;
  /** Milliseconds per call: benny's min/median/max over its samples. */
  ms: Spread;
  /** GFLOP/s for products (from ms; the min is the slowest sample), null otherwise. */
  gflops: Spread | null;
  samples: number;
}

/** Squares, then forward x.W, dW = x^T.dY and dX = dY.W^T for each Dense layer. */
export function shapesOf(o: MicroOptions): Shape[] {
  const out: Shape[] = o.squares.map((s) => ({ label: `${s}^3`, m: s, k: s, n: s, tA: false, tB: false }));
  for (const [b, i, u] of o.dense) {
    const name = `${b}x${i}.${i}x${u}`;
    out.push({ label: `${name} A.B`, m: b, k: i, n: u, tA: false, tB: false });
    out.push({ label: `${name} A^T.dY`, m: i, k: b, n: u, tA: true, tB: false });
    out.push({ label: `${name} dY.B^T`, m: b, k: u, n: i, tA: false, tB: true });
  }
  return out;
}

const flopsOf = (s: Shape): number => 2 * s.m * s.k * s.n;

function operands(s: Shape): [Float32Array, Float32Array] {
  let seed = 12345;
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32 - 0.5;
  return [Float32Array.from({ length: s.m * s.k }, rnd), Float32Array.from({ length: s.k * s.n }, rnd)];
}

function gflops(s: Shape, ms: Spread): Spread {
  const g = (t: number): number => flopsOf(s) / t / 1e6;
  return { min: g(ms.max), median: g(ms.median), max: g(ms.min) };
}

type Case = {
  suite: MicroCase['suite'];
  label: string;
  variant: string;
  shape: Shape | null;
  make: () => () => unknown;
};

async function runSuite(
  name: string,
  key: string,
  framework: FrameworkName,
  cases: readonly Case[],
  o: MicroOptions,
): Promise<MicroCase[]> {
  const summary = await suite(
    name,
    ...cases.map((c) => add(`${c.suite} ${c.label}`, c.make, { maxTime: o.maxTime, minSamples: o.minSamples })),
  );
  return cases.map((c, i) => {
    const r = summary.results[i];
    if (r === undefined) throw new Error(`benny returned no result for ${c.label}`);
    const ms = { min: r.details.min * 1000, median: r.details.median * 1000, max: r.details.max * 1000 };
    return {
      suite: c.suite,
      label: c.label,
      key,
      framework,
      variant: c.variant,
      ms,
      gflops: c.shape === null ? null : gflops(c.shape, ms),
      samples: r.samples,
    };
  });
}

/** W1's first batch, for the training-step and epoch cases. */
function batchOf(w: Workload): Matrix {
  const f = w.train.features;
  const b = w.batchSize;
  return { x: w.train.x.subarray(0, b * f), y: w.train.y.subarray(0, b), rows: b, features: f };
}

function oursCases(backend: string, shapes: readonly Shape[], w1: Workload | null): Case[] {
  const cases: Case[] = shapes.map((s) => ({
    suite: 'matmul',
    label: s.label,
    variant: `matmulInto · ${backend}`,
    shape: s,
    make: () => {
      const [a, b] = operands(s);
      const c = new Float32Array(s.m * s.n);
      return () => matmulInto(a, b, c, s.m, s.k, s.n, s.tA, s.tB);
    },
  }));
  if (w1 === null) return cases;
  const f = w1.train.features;
  const batch = batchOf(w1);
  cases.push({
    suite: 'train step',
    label: `W1 batch ${w1.batchSize}`,
    variant: `Sequential.trainOnBatch · ${backend}`,
    shape: null,
    make: () => {
      const model = buildSequential(w1, f, 0);
      const x = new Tensor(batch.x, [batch.rows, f]);
      const y = new Tensor(batch.y, [batch.rows, 1]);
      model.trainOnBatch(x, y);
      return () => model.trainOnBatch(x, y);
    },
  });
  cases.push({
    suite: 'epoch',
    label: `W1 ${w1.train.rows} rows`,
    variant: `Sequential.fit, 1 epoch · ${backend}`,
    shape: null,
    make: () => {
      const model = buildSequential(w1, f, 0);
      const x = new Tensor(w1.train.x, [w1.train.rows, f]);
      const y = new Tensor(w1.train.y, [w1.train.rows, 1]);
      return () => model.fit(x, y, { epochs: 1, batchSize: w1.batchSize, verbose: 0 });
    },
  });
  return cases;
}

async function tfCases(backend: TfBackend, shapes: readonly Shape[], w1: Workload | null): Promise<Case[]> {
  const tf = await loadTf();
  const cases: Case[] = shapes.map((s) => ({
    suite: 'matmul',
    label: s.label,
    variant: `tf.matMul · ${backend}`,
    shape: s,
    make: () => {
      const [a, b] = operands(s);
      const ta = tf.tensor2d(a, s.tA ? [s.k, s.m] : [s.m, s.k]);
      const tb = tf.tensor2d(b, s.tB ? [s.n, s.k] : [s.k, s.n]);
      return () => {
        const c = tf.matMul(ta, tb, s.tA, s.tB);
        c.dataSync();
        c.dispose();
      };
    },
  }));
  if (w1 === null) return cases;
  const f = w1.train.features;
  const batch = batchOf(w1);
  cases.push({
    suite: 'train step',
    label: `W1 batch ${w1.batchSize}`,
    variant: `model.trainOnBatch · ${backend}`,
    shape: null,
    make: () => {
      const model = buildTfModel(tf, w1, f);
      const x = tf.tensor2d(batch.x, [batch.rows, f]);
      const y = tf.tensor2d(batch.y, [batch.rows, 1]);
      return () => model.trainOnBatch(x, y);
    },
  });
  cases.push({
    suite: 'epoch',
    label: `W1 ${w1.train.rows} rows`,
    variant: `model.fit, 1 epoch · ${backend}`,
    shape: null,
    make: () => {
      const model = buildTfModel(tf, w1, f);
      const x = tf.tensor2d(w1.train.x, [w1.train.rows, f]);
      const y = tf.tensor2d(w1.train.y, [w1.train.rows, 1]);
      return () => model.fit(x, y, { epochs: 1, batchSize: w1.batchSize, verbose: 0, yieldEvery: 'never' });
    },
  });
  return cases;
}

export interface MicroContext {
  tfjs: readonly TfBackend[];
  peer: SklearnPeer | null;
  gpu: { useGpu(o: { mode: 'webasm'; threshold: number }): Promise<unknown>; useCpu(): unknown } | null;
  typescript: boolean;
  /** Also time the products on a pool of BENCH_THREADS threads. */
  threads: boolean;
  log: (line: string) => void;
}

/**
 * Runs the suites, one per framework and backend (a backend is process-wide,
 * so each suite sets it before benny builds its cases): scikeras-ts wasm,
 * tfjs wasm, numpy, scikeras-ts typescript, tfjs cpu, gpu.js webasm.
 */
export async function runMicro(o: MicroOptions, w1: Workload | null, ctx: MicroContext): Promise<MicroCase[]> {
  const shapes = shapesOf(o);
  const train = o.training ? w1 : null;
  const out: MicroCase[] = [];
  const report = (cases: MicroCase[]): void => {
    out.push(...cases);
    const m = cases.filter((c) => c.gflops !== null).map((c) => `${c.label} ${(c.gflops as Spread).median.toFixed(1)}`);
    const t = cases.filter((c) => c.gflops === null).map((c) => `${c.suite} ${c.ms.median.toFixed(2)} ms`);
    ctx.log(`  M ${cases[0]?.key ?? ''}: GFLOP/s ${m.join(', ')}${t.length ? `; ${t.join(', ')}` : ''}`);
  };
  try {
    forceCpuBackend(null);
    if (backendInfo().backend === 'wasm')
      report(
        await runSuite('M scikeras-ts wasm', 'scikeras-ts/wasm', 'scikeras-ts', oursCases('wasm', shapes, train), o),
      );
    const tf = ctx.tfjs.length > 0 ? await loadTf() : null;
    if (tf !== null && ctx.tfjs.includes('wasm') && (await useTfBackend(tf, 'wasm')))
      report(await runSuite('M tfjs wasm', 'tfjs/wasm', 'tfjs', await tfCases('wasm', shapes, train), o));
    if (ctx.threads) {
      const started = await useThreads({ threads: BENCH_THREADS });
      try {
        if (started.threads === BENCH_THREADS)
          report(
            await runSuite(
              'M scikeras-ts threads',
              'scikeras-ts/threads',
              'scikeras-ts',
              oursCases(`wasm, ${BENCH_THREADS} threads`, shapes, null),
              o,
            ),
          );
        else ctx.log(`  M scikeras-ts/threads skipped: ${started.reason ?? ''}`);
      } finally {
        useSingleThread();
      }
    }
    // numpy with 2 BLAS threads keeps the key 'scikit-learn' (the M column of the summary); 1 thread is 'numpy/1'.
    for (const [threads, key] of [
      [BENCH_THREADS, 'scikit-learn'],
      [1, 'numpy/1'],
    ] as const) {
      if (ctx.peer === null) break;
      const r = await ctx.peer.request<{ shapes: (Spread & { samples: number })[] }>({
        op: 'matmul',
        shapes,
        budgetMs: o.numpyBudgetMs,
        threads,
      });
      report(
        shapes.map((s, i) => {
          const x = r.shapes[i] as Spread & { samples: number };
          const ms = { min: x.min, median: x.median, max: x.max };
          return {
            suite: 'matmul' as const,
            label: s.label,
            key,
            framework: 'scikit-learn' as const,
            variant: `numpy.matmul (${threads} BLAS thread${threads === 1 ? '' : 's'})`,
            ms,
            gflops: gflops(s, ms),
            samples: x.samples,
          };
        }),
      );
    }
    if (ctx.typescript) {
      forceCpuBackend(typescriptBackend);
      report(
        await runSuite(
          'M scikeras-ts typescript',
          'scikeras-ts/typescript',
          'scikeras-ts',
          oursCases('typescript', shapes, train),
          o,
        ),
      );
      forceCpuBackend(null);
    }
    if (tf !== null && ctx.tfjs.includes('cpu') && (await useTfBackend(tf, 'cpu')))
      report(await runSuite('M tfjs cpu', 'tfjs/cpu', 'tfjs', await tfCases('cpu', shapes, train), o));
    if (ctx.gpu !== null) {
      await ctx.gpu.useGpu({ mode: 'webasm', threshold: 0 });
      try {
        report(
          await runSuite(
            'M scikeras-ts gpu.js',
            'scikeras-ts/gpu.js',
            'scikeras-ts',
            oursCases('gpu.js webasm', shapes, null),
            o,
          ),
        );
      } finally {
        ctx.gpu.useCpu();
      }
    }
  } finally {
    forceCpuBackend(null);
  }
  return out;
}

/** Geometric mean of (scikeras-ts wasm ms / peer ms) over the products both ran: the M ratio per peer. */
export function matmulRatios(cases: readonly MicroCase[]): Record<string, number> {
  const ref = new Map(
    cases.filter((c) => c.key === 'scikeras-ts/wasm' && c.suite === 'matmul').map((c) => [c.label, c.ms.median]),
  );
  const out: Record<string, number> = {};
  const keys = [...new Set(cases.map((c) => c.key))];
  for (const key of keys) {
    const logs = cases
      .filter((c) => c.key === key && c.suite === 'matmul' && ref.has(c.label))
      .map((c) => Math.log((ref.get(c.label) as number) / c.ms.median));
    if (logs.length > 0) out[key] = Math.exp(logs.reduce((a, b) => a + b, 0) / logs.length);
  }
  return out;
}
