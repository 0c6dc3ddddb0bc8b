// TensorFlow.js peer: tf.sequential + model.fit with the workload's settings on
// the cpu and wasm backends, in this process. Imports @tensorflow/tfjs(-backend-wasm) and bench types.

import { createRequire } from 'node:module';
import { ADAM_EPSILON, scoreSet, type Workload } from '../workloads.ts';
import { scoreOutputs } from '../score.ts';
import type { Availability, RunArgs, RunResult, Runner } from '../runner.ts';

type Tf = typeof import('@tensorflow/tfjs');
export type TfBackend = 'cpu' | 'wasm';

let tfPromise: Promise<Tf> | null = null;

/**
 * Loads tfjs once. The Emscripten loader of tfjs-backend-wasm resolves its
 * .wasm files against `setWasmPaths`; in Node that must be a file-path prefix
 * ending in '/', not a file:// URL.
 */
export function loadTf(): Promise<Tf> {
  tfPromise ??= (async () => {
    const tf = await import('@tensorflow/tfjs');
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const require = createRequire(import.meta.url);
    wasm.setWasmPaths(require.resolve('@tensorflow/tfjs-backend-wasm/package.json').replace(/package\.json$/, 'dist/'));
    // Production mode, as a deployed model would run (also silences the "install tfjs-node" banner).
    tf.enableProdMode();
    return tf;
  })();
  return tfPromise;
}

/** Switches tfjs to `backend`; false when it cannot initialise here. */
export async function useTfBackend(tf: Tf, backend: TfBackend): Promise<boolean> {
  if (tf.getBackend() === backend) return true;
  const ok = await tf.setBackend(backend);
  await tf.ready();
  return ok && tf.getBackend() === backend;
}

/** The workload's network in tfjs: same layers, glorot-uniform kernels, zero biases, Adam. */
export function buildTfModel(tf: Tf, w: Workload, features: number): import('@tensorflow/tfjs').Sequential {
  const model = tf.sequential();
  w.hidden.forEach((units, i) =>
    model.add(
      tf.layers.dense({
        units,
        activation: 'relu',
        kernelInitializer: 'glorotUniform',
        ...(i === 0 ? { inputShape: [features] } : {}),
      }),
    ),
  );
  const act = w.task === 'binary' ? 'sigmoid' : w.task === 'multiclass' ? 'softmax' : 'linear';
  model.add(tf.layers.dense({ units: w.outputs, activation: act, kernelInitializer: 'glorotUniform' }));
  const loss =
    w.task === 'binary'
      ? 'binaryCrossentropy'
      : w.task === 'multiclass'
        ? 'sparseCategoricalCrossentropy'
        : 'meanSquaredError';
  model.compile({ optimizer: tf.train.adam(w.learningRate, 0.9, 0.999, ADAM_EPSILON), loss });
  return model;
}

function tfRunner(tf: Tf, backend: TfBackend): Runner {
  return {
    key: `tfjs/${backend}`,
    framework: 'tfjs',
    variant: `tf.sequential + model.fit · ${backend}`,
    supports: () => true,
    async run({ workload: w, trainRows }: RunArgs): Promise<RunResult> {
      if (!(await useTfBackend(tf, backend))) throw new Error(`tfjs backend ${backend} did not initialise`);
      const f = w.train.features;
      const model = buildTfModel(tf, w, f);
      const x = tf.tensor2d(w.train.x.subarray(0, trainRows * f), [trainRows, f], 'float32');
      const y = tf.tensor2d(w.train.y.subarray(0, trainRows), [trainRows, 1], 'float32');
      const s = scoreSet(w);
      const xs = tf.tensor2d(s.x, [s.rows, s.features], 'float32');
      try {
        // yieldEvery 'never': no event-loop yields between batches, tfjs' fastest setting.
        const t0 = performance.now();
        await model.fit(x, y, {
          epochs: w.epochs,
          batchSize: w.batchSize,
          shuffle: true,
          verbose: 0,
          yieldEvery: 'never',
        });
        let seconds = (performance.now() - t0) / 1000;
        const t1 = performance.now();
        const out = model.predict(xs, {
          batchSize: w.kind === 'predict' ? s.rows : 1024,
        }) as import('@tensorflow/tfjs').Tensor;
        const values = out.dataSync();
        if (w.kind === 'predict') seconds = (performance.now() - t1) / 1000;
        out.dispose();
        return { seconds, score: scoreOutputs(w.task, values, s.y, w.outputs) };
      } finally {
        tf.dispose([x, y, xs]);
        model.dispose();
      }
    },
  };
}

/** The tfjs runners for `backends`, or why each cannot run. */
export async function tfjsRunners(backends: readonly TfBackend[]): Promise<Availability[]> {
  if (backends.length === 0) return [];
  let tf: Tf;
  try {
    tf = await loadTf();
  } catch (e) {
    const reason = `@tensorflow/tfjs failed to load: ${e instanceof Error ? e.message : String(e)}`;
    return backends.map((b) => ({
      key: `tfjs/${b}`,
      framework: 'tfjs' as const,
      variant: `tf.sequential + model.fit · ${b}`,
      reason,
    }));
  }
  const out: Availability[] = [];
  for (const b of backends) {
    let ok = false;
    let reason = 'setBackend returned false';
    try {
      ok = await useTfBackend(tf, b);
    } catch (e) {
      reason = e instanceof Error ? e.message : String(e);
    }
    out.push(
      ok
        ? { runner: tfRunner(tf, b) }
        : { key: `tfjs/${b}`, framework: 'tfjs', variant: `tf.sequential + model.fit · ${b}`, reason },
    );
  }
  return out;
}
