// The one portability smoke test: MLPClassifier on iris, identical in every runtime.
// Pure computation on the library it is handed; imports types only (no runtime APIs, nothing to resolve).
import type * as Lib from '../../src/index.ts';

type WarningHandler = { bivariance(category: string, message: string): void }['bivariance'];

/**
 * The library surface the smoke uses, typed structurally so that the root
 * export from source and the one from the built package's .d.ts both fit.
 */
export interface SmokeLib {
  MLPClassifier: new (params?: Lib.MLPParams) => {
    fit(
      X: number[][],
      y: number[],
    ): {
      predict(X: number[][]): unknown;
      predictProba(X: number[][]): number[][];
      readonly nIter_: number;
      readonly loss_: number;
    };
  };
  accuracyScore(yTrue: number[], yPred: number[]): number;
  backendInfo(): Lib.BackendInfo;
  setWarningHandler(handler: WarningHandler): WarningHandler;
  /** For the bit-exact rerun where the engine fuses multiply-add (backendInfo().fma). */
  wasmBackend?: (options?: { fma?: boolean }) => unknown;
  forceCpuBackend?: (backend: never) => void;
}

/** The fixed configuration, so every runtime trains the same network. */
export const SMOKE_PARAMS: {
  readonly hiddenLayerSizes: readonly number[];
  readonly learningRateInit: number;
  readonly maxIter: number;
  readonly randomState: number;
} = Object.freeze({ hiddenLayerSizes: [16], learningRateInit: 0.01, maxIter: 100, randomState: 0 });

/** What one run reports; JSON-safe, so it crosses processes, workers and vm contexts unchanged. */
export interface SmokeResult {
  runtime: string;
  backend: Lib.BackendInfo;
  accuracy: number;
  labels: number[];
  proba: number[][];
  nIter: number;
  loss: number;
  warnings: string[];
  ms: number;
  /**
   * Where the engine fuses multiply-add (relaxed SIMD: Chromium, Deno), the same run again on the
   * bit-exact plain SIMD kernels (forceCpuBackend(wasmBackend({ fma: false }))): its bits match Node 20's.
   */
  exact?: { loss: number; proba: number[][] };
  /** The seed-workload timing, when the entry asked for it. */
  seed: SeedTiming | null;
}

/** The seed workload's shape (bench W1: 1000 x 20, hidden (100,), batch 32), timed per epoch in each runtime. */
export const SEED_SHAPE: {
  readonly rows: number;
  readonly features: number;
  readonly hidden: number;
  readonly batchSize: number;
} = Object.freeze({ rows: 1000, features: 20, hidden: 100, batchSize: 32 });

/** Epochs of the seed workload a JIT runtime times (interpreters are told fewer). */
export const SEED_EPOCHS = 20;

/** Wall time of `epochs` epochs of MLPClassifier on the seed-shaped data (data generation excluded). */
export interface SeedTiming {
  epochs: number;
  ms: number;
  msPerEpoch: number;
  /** Training accuracy after those epochs: it learned something (not a benchmark score). */
  accuracy: number;
}

/** Names the runtime from its globals (no Node API is touched). */
export function runtimeName(): string {
  const g = globalThis as {
    __runtime?: string;
    Deno?: { version?: { deno?: string } };
    Bun?: { version?: string };
    process?: { versions?: { node?: string } };
    navigator?: { userAgent?: string };
    document?: unknown;
    importScripts?: unknown;
    HermesInternal?: unknown;
  };
  // An embedding with nothing to tell it by (QuickJS) is named by its host.
  if (typeof g.__runtime === 'string') return g.__runtime;
  if (g.Deno?.version?.deno !== undefined) return `deno ${g.Deno.version.deno}`;
  if (g.Bun?.version !== undefined) return `bun ${g.Bun.version}`;
  if (g.process?.versions?.node !== undefined) return `node ${g.process.versions.node}`;
  if (g.document !== undefined) return `browser main thread (${g.navigator?.userAgent ?? '?'})`;
  if (g.importScripts !== undefined) return `browser worker (${g.navigator?.userAgent ?? '?'})`;
  if (g.navigator?.userAgent === 'Cloudflare-Workers') return 'workerd (Cloudflare-Workers)';
  if (g.HermesInternal !== undefined) return 'hermes';
  return 'unknown (no runtime globals)';
}

/** Parses examples/data/iris.csv (header, 4 features, integer target). */
export function parseIris(csv: string): { X: number[][]; y: number[] } {
  const X: number[][] = [];
  const y: number[] = [];
  for (const line of csv.trim().split('\n').slice(1)) {
    const v = line.split(',').map(Number);
    y.push(v.pop() as number);
    X.push(v);
  }
  return { X, y };
}

/**
 * Every 4th sample of each class is held out; features are standardised with
 * the training statistics (plain float64 arithmetic: exact in every engine).
 */
export function splitIris(
  X: number[][],
  y: number[],
): { Xtr: number[][]; ytr: number[]; Xte: number[][]; yte: number[] } {
  const seen = new Map<number, number>();
  const Xtr: number[][] = [],
    ytr: number[] = [],
    Xte: number[][] = [],
    yte: number[] = [];
  X.forEach((row, i) => {
    const c = y[i] as number;
    const k = (seen.get(c) ?? 0) + 1;
    seen.set(c, k);
    if (k % 4 === 0) {
      Xte.push(row);
      yte.push(c);
    } else {
      Xtr.push(row);
      ytr.push(c);
    }
  });
  const d = (Xtr[0] as number[]).length;
  const mean = new Array<number>(d).fill(0),
    sd = new Array<number>(d).fill(0);
  for (const r of Xtr) r.forEach((v, j) => (mean[j] = (mean[j] as number) + v / Xtr.length));
  for (const r of Xtr) r.forEach((v, j) => (sd[j] = (sd[j] as number) + (v - (mean[j] as number)) ** 2 / Xtr.length));
  const scale = (m: number[][]) =>
    m.map((r) => r.map((v, j) => (v - (mean[j] as number)) / (Math.sqrt(sd[j] as number) || 1)));
  return { Xtr: scale(Xtr), ytr, Xte: scale(Xte), yte };
}

/**
 * Seed-shaped data: uniform features from an integer LCG (the same numbers in every engine) and a
 * linear rule with 5% flipped labels, so training has something to learn.
 */
export function seedData(): { X: number[][]; y: number[] } {
  let state = 20240601;
  const u = (): number => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296;
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < SEED_SHAPE.rows; i++) {
    const row: number[] = [];
    for (let j = 0; j < SEED_SHAPE.features; j++) row.push(2 * u() - 1);
    const label = (row[0] as number) + 0.5 * (row[1] as number) - 0.3 * (row[2] as number) > 0 ? 1 : 0;
    X.push(row);
    y.push(u() < 0.05 ? 1 - label : label);
  }
  return { X, y };
}

/** Times `epochs` epochs of the seed workload (performance.now where the runtime has it, else Date.now). */
export function runSeedWorkload(lib: SmokeLib, epochs: number): SeedTiming {
  const perf = (globalThis as { performance?: { now?: () => number } }).performance;
  const now = typeof perf?.now === 'function' ? () => (perf.now as () => number)() : () => Date.now();
  const { X, y } = seedData();
  const previous = lib.setWarningHandler(() => undefined); // stopping at maxIter warns, as it should
  try {
    const t0 = now();
    const clf = new lib.MLPClassifier({
      hiddenLayerSizes: [SEED_SHAPE.hidden],
      batchSize: SEED_SHAPE.batchSize,
      maxIter: epochs,
      randomState: 0,
    }).fit(X, y);
    const ms = now() - t0;
    return {
      epochs: clf.nIter_,
      ms,
      msPerEpoch: ms / clf.nIter_,
      accuracy: lib.accuracyScore(y, (clf.predict(X) as number[]).map(Number)),
    };
  } finally {
    lib.setWarningHandler(previous);
  }
}

/**
 * Trains, predicts and reports; warnings are collected, not printed (a bare runtime may have no console).
 * With `seedEpochs` > 0 it also times that many epochs of the seed workload. `dtype` is the network's (float64:
 * the same bits on every CPU kernel, WASM or TypeScript).
 */
export function runSmoke(
  lib: SmokeLib,
  csv: string,
  seedEpochs = 0,
  dtype: 'float32' | 'float64' = 'float32',
): SmokeResult {
  const warnings: string[] = [];
  const previous = lib.setWarningHandler((category, message) => warnings.push(`${category}: ${message}`));
  try {
    const { X, y } = parseIris(csv);
    const { Xtr, ytr, Xte, yte } = splitIris(X, y);
    const t0 = Date.now();
    const train = () =>
      new lib.MLPClassifier({ ...SMOKE_PARAMS, hiddenLayerSizes: [...SMOKE_PARAMS.hiddenLayerSizes], dtype }).fit(
        Xtr,
        ytr,
      );
    const clf = train();
    const labels = clf.predict(Xte) as number[];
    const proba = clf.predictProba(Xte);
    const ms = Date.now() - t0;
    let exact: SmokeResult['exact'];
    if (lib.backendInfo().fma === true && lib.wasmBackend !== undefined && lib.forceCpuBackend !== undefined) {
      lib.forceCpuBackend(lib.wasmBackend({ fma: false }) as never);
      try {
        const plain = train();
        exact = { loss: plain.loss_, proba: plain.predictProba(Xte).map((r) => r.map(Number)) };
      } finally {
        lib.forceCpuBackend(null as never);
      }
    }
    return {
      ...(exact === undefined ? {} : { exact }),
      runtime: runtimeName(),
      backend: lib.backendInfo(),
      accuracy: lib.accuracyScore(yte, labels),
      labels: labels.map(Number),
      proba: proba.map((r) => r.map(Number)),
      nIter: clf.nIter_,
      loss: clf.loss_,
      warnings,
      ms,
      seed: seedEpochs > 0 ? runSeedWorkload(lib, seedEpochs) : null,
    };
  } finally {
    lib.setWarningHandler(previous);
  }
}
