// scikeras-ts runners: Sequential.fit on each matmul backend (wasm, typescript,
// gpu.js webasm) and the estimator APIs (MLPClassifier/MLPRegressor, KerasClassifier/KerasRegressor). Imports src/ and bench types.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sequential, layers, Adam, type Sequential } from '../src/nn/index.ts';
import { Tensor, backendInfo, forceCpuBackend, typescriptBackend } from '../src/tensor/index.ts';
import {
  MLPClassifier,
  MLPRegressor,
  KerasClassifier,
  KerasRegressor,
  setWarningHandler,
  type MLPParams,
} from '../src/estimators/index.ts';
import { useSingleThread, useThreads } from '../src/threads/index.ts';
import { ADAM_EPSILON, scoreSet, type Workload } from './workloads.ts';
import { scoreOutputs } from './score.ts';
import type { Availability, RunArgs, RunResult, Runner } from './runner.ts';

export type OursBackend = 'wasm' | 'typescript' | 'gpu.js' | 'threads' | 'float64';

/** Threads of the 'threads' rows (this machine's two cores). */
export const BENCH_THREADS = 2;

interface GpuModule {
  useGpu(options: { mode: 'webasm'; threshold: number }): Promise<{ backend: string; mode: string | null }>;
  useCpu(): unknown;
}

/** The Keras model of a workload, compiled with Adam (no metrics: every framework computes the loss only). */
export function buildSequential(
  w: Workload,
  features: number,
  seed: number,
  dtype: 'float32' | 'float64' = 'float32',
): Sequential {
  const act = w.task === 'binary' ? 'sigmoid' : w.task === 'multiclass' ? 'softmax' : 'linear';
  const model = sequential(
    [
      ...w.hidden.map((units, i) =>
        layers.dense({ units, activation: 'relu', ...(i === 0 ? { inputShape: [features] } : {}) }),
      ),
      layers.dense({ units: w.outputs, activation: act }),
    ],
    { seed, dtype },
  );
  const loss =
    w.task === 'binary'
      ? 'binaryCrossentropy'
      : w.task === 'multiclass'
        ? 'sparseCategoricalCrossentropy'
        : 'meanSquaredError';
  model.compile({ loss, optimizer: new Adam({ learningRate: w.learningRate, epsilon: ADAM_EPSILON }) });
  return model;
}

const xOf = (w: Workload, rows: number): Tensor =>
  new Tensor(w.train.x.subarray(0, rows * w.train.features), [rows, w.train.features]);
const yOf = (w: Workload, rows: number): Tensor =>
  new Tensor(w.train.y.subarray(0, rows), w.task === 'multiclass' ? [rows] : [rows, 1]);

async function selectBackend(b: OursBackend, gpu: GpuModule | null): Promise<void> {
  if (b === 'typescript') forceCpuBackend(typescriptBackend);
  else if (b === 'wasm' || b === 'float64') forceCpuBackend(null);
  else if (b === 'threads') {
    const r = await useThreads({ threads: BENCH_THREADS });
    if (r.threads !== BENCH_THREADS) throw new Error(`useThreads gave ${r.threads} thread(s): ${r.reason ?? ''}`);
  } else await (gpu as GpuModule).useGpu({ mode: 'webasm', threshold: 0 });
  // Detection (and the WASM compile) happens here, outside the timed region.
  backendInfo();
}

function restoreBackend(b: OursBackend, gpu: GpuModule | null): void {
  if (b === 'gpu.js') (gpu as GpuModule).useCpu();
  if (b === 'threads') useSingleThread();
  forceCpuBackend(null);
}

function sequentialRunner(b: OursBackend, gpu: GpuModule | null, workloads: readonly string[] | null): Runner {
  return {
    key: `scikeras-ts/${b}`,
    framework: 'scikeras-ts',
    variant: `Sequential.fit · ${b === 'gpu.js' ? 'gpu.js webasm' : b === 'threads' ? `wasm, ${BENCH_THREADS} threads` : b === 'float64' ? 'wasm float64' : b}`,
    supports: (w) => workloads === null || workloads.includes(w.id) || `${b} runs ${workloads.join(', ')} only`,
    async run({ workload: w, trainRows, seed }: RunArgs): Promise<RunResult> {
      await selectBackend(b, gpu);
      try {
        const model = buildSequential(w, w.train.features, seed, b === 'float64' ? 'float64' : 'float32');
        const x = xOf(w, trainRows);
        const y = yOf(w, trainRows);
        const t0 = performance.now();
        model.fit(x, y, { epochs: w.epochs, batchSize: w.batchSize, verbose: 0, seed });
        let seconds = (performance.now() - t0) / 1000;
        const s = scoreSet(w);
        const xs = new Tensor(s.x, [s.rows, s.features]);
        const t1 = performance.now();
        const out = model.predict(xs, { batchSize: w.kind === 'predict' ? s.rows : 1024 });
        if (w.kind === 'predict') seconds = (performance.now() - t1) / 1000;
        return { seconds, score: scoreOutputs(w.task, out.data, s.y, w.outputs) };
      } finally {
        restoreBackend(b, gpu);
      }
    },
  };
}

type Estimator = { fit(x: Tensor, y: Float32Array): unknown; predict(x: Tensor): ArrayLike<unknown> };

function estimatorRunner(api: 'mlp' | 'keras', workloads: readonly string[]): Runner {
  const variant = api === 'mlp' ? 'MLPClassifier/MLPRegressor.fit · wasm' : 'KerasClassifier/KerasRegressor.fit · wasm';
  return {
    key: `scikeras-ts/${api}`,
    framework: 'scikeras-ts',
    variant,
    supports: (w) => workloads.includes(w.id) || `the ${api} wrapper runs ${workloads.join(', ')} only`,
    async run({ workload: w, trainRows, seed }: RunArgs): Promise<RunResult> {
      await selectBackend('wasm', null);
      try {
        return runEstimator(api, w, trainRows, seed);
      } finally {
        forceCpuBackend(null);
      }
    },
  };
}

function runEstimator(api: 'mlp' | 'keras', w: Workload, trainRows: number, seed: number): RunResult {
  const classify = w.task !== 'regression';
  let est: Estimator;
  if (api === 'mlp') {
    // scikit-learn's MLP numerics; alpha 0 and tol 0 with patience beyond the last epoch so every epoch runs, as in the Keras models.
    // MLPParams types numbers as MLP_DEFAULTS' literals (Object.freeze), hence the cast.
    const params = {
      hiddenLayerSizes: [...w.hidden],
      alpha: 0,
      batchSize: w.batchSize,
      learningRateInit: w.learningRate,
      maxIter: w.epochs,
      tol: 0,
      nIterNoChange: w.epochs + 1,
      epsilon: ADAM_EPSILON,
      randomState: seed,
      shuffle: true,
    };
    est = (classify
      ? new MLPClassifier(params as MLPParams)
      : new MLPRegressor(params as MLPParams)) as unknown as Estimator;
  } else {
    const params = {
      model: () => buildSequential(w, w.train.features, seed),
      epochs: w.epochs,
      batchSize: w.batchSize,
      verbose: 0 as const,
      randomState: seed,
      shuffle: true,
    };
    est = (classify ? new KerasClassifier(params) : new KerasRegressor(params)) as unknown as Estimator;
  }
  const t0 = performance.now();
  est.fit(xOf(w, trainRows), w.train.y.subarray(0, trainRows));
  let seconds = (performance.now() - t0) / 1000;
  const s = scoreSet(w);
  const t1 = performance.now();
  const pred = est.predict(new Tensor(s.x, [s.rows, s.features]));
  if (w.kind === 'predict') seconds = (performance.now() - t1) / 1000;
  // Classifier predictions are labels; regressor predictions are values (scored as one output per row).
  const values = Float32Array.from(pred as ArrayLike<number>, Number);
  const score = classify
    ? values.reduce((acc, v, i) => acc + (v === s.y[i] ? 1 : 0), 0) / s.rows
    : scoreOutputs('regression', values, s.y, 1);
  return { seconds, score };
}

/** Loads src/gpu if it is there and exports useGpu/useCpu; else the reason it is skipped. */
export async function loadGpu(): Promise<GpuModule | string> {
  const path = fileURLToPath(new URL('../src/gpu/index.ts', import.meta.url));
  if (!existsSync(path)) return 'src/gpu/index.ts does not exist';
  try {
    const mod = (await import('../src/gpu/index.ts')) as unknown as Partial<GpuModule>;
    if (typeof mod.useGpu !== 'function' || typeof mod.useCpu !== 'function')
      return 'src/gpu does not export useGpu/useCpu';
    const gpu = mod as GpuModule;
    const info = await gpu.useGpu({ mode: 'webasm', threshold: 0 });
    gpu.useCpu();
    forceCpuBackend(null);
    return info.backend === 'gpu.js' ? gpu : `useGpu gave backend ${info.backend}`;
  } catch (e) {
    forceCpuBackend(null);
    return `gpu.js webasm unavailable: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** Which scikeras-ts rows to run. */
export interface OursOptions {
  typescript: boolean;
  /** The estimator APIs, on these workloads. */
  wrappers: readonly string[];
  /** gpu.js webasm on these workloads (empty: skip). */
  gpu: readonly string[];
  /** Sequential.fit with a pool of BENCH_THREADS threads on these workloads (empty: skip). */
  threads: readonly string[];
  /** Sequential.fit in float64 on these workloads (empty: skip). */
  float64: readonly string[];
}

/** The scikeras-ts runners, silencing ConvergenceWarnings (tol 0 runs every epoch on purpose). */
export async function oursRunners(o: OursOptions): Promise<Availability[]> {
  setWarningHandler(() => undefined);
  const out: Availability[] = [];
  forceCpuBackend(null);
  const info = backendInfo();
  if (info.backend === 'wasm') out.push({ runner: sequentialRunner('wasm', null, null) });
  else
    out.push({
      key: 'scikeras-ts/wasm',
      framework: 'scikeras-ts',
      variant: 'Sequential.fit · wasm',
      reason: info.reason ?? `default backend is ${info.backend}`,
    });
  if (o.typescript) out.push({ runner: sequentialRunner('typescript', null, null) });
  if (o.threads.length > 0) {
    const probe = await useThreads({ threads: BENCH_THREADS });
    useSingleThread();
    if (probe.threads === BENCH_THREADS) out.push({ runner: sequentialRunner('threads', null, o.threads) });
    else
      out.push({
        key: 'scikeras-ts/threads',
        framework: 'scikeras-ts',
        variant: 'Sequential.fit · wasm, threads',
        reason: probe.reason ?? `useThreads gave ${probe.threads} thread(s)`,
      });
  }
  if (o.float64.length > 0 && info.backend === 'wasm')
    out.push({ runner: sequentialRunner('float64', null, o.float64) });
  if (o.gpu.length > 0) {
    const gpu = await loadGpu();
    if (typeof gpu === 'string')
      out.push({
        key: 'scikeras-ts/gpu.js',
        framework: 'scikeras-ts',
        variant: 'Sequential.fit · gpu.js webasm',
        reason: gpu,
      });
    else out.push({ runner: sequentialRunner('gpu.js', gpu, o.gpu) });
  }
  if (o.wrappers.length > 0 && info.backend === 'wasm') {
    out.push({ runner: estimatorRunner('mlp', o.wrappers) });
    out.push({ runner: estimatorRunner('keras', o.wrappers) });
  }
  return out;
}
