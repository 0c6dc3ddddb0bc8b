// What `export` writes for a saved Pipeline. The exporters (toOnnx, toTfjs) take a network, an estimator or a
// Pipeline of scalers; the ColumnTransformer has no ONNX / TensorFlow.js form. When every column is a number
// (the ColumnTransformer is then an imputer and a StandardScaler), the exported model takes the raw columns:
// the scaler goes to ONNX as a step, and into the first Dense layer's weights for TensorFlow.js. Otherwise
// it takes the encoded features, which the message names. Portable; imports the library's public entry.

import { Pipeline, type Sequential } from '../index.ts';
import { BRANCH_NUMBERS, finalEstimator } from './model.ts';

/** The targets for the exporters and the input they will expect. */
export interface ExportPlan {
  /** What toOnnx gets: the scaler and the MLP as a Pipeline, or the MLP alone. */
  onnx: unknown;
  /** What toTfjs gets: the MLP's network, the scaler folded in when `raw`. */
  network: Sequential;
  /** The input columns, in order: the CSV's columns when `raw`, else the encoded feature names. */
  inputs: string[];
  /** Whether the exported models take the CSV's columns as they are (no imputing: cells must be present). */
  raw: boolean;
}

interface FittedScaler {
  mean_: number[] | null;
  scale_: number[] | null;
  withMean: boolean;
  withStd: boolean;
}

/**
 * The ColumnTransformer's fitted scaler when it is one branch of numbers over every column in order, with
 * nothing left over; else null.
 */
function numbersOnlyScaler(pipe: Pipeline): FittedScaler | null {
  if (pipe.steps.length !== 2) return null;
  const ct = (pipe.steps[0] as readonly [string, unknown])[1] as {
    transformers_?: Array<[string, unknown, number[]]>;
    nFeaturesIn_?: number;
  };
  const fitted = ct.transformers_;
  if (!Array.isArray(fitted) || fitted.length !== 1) return null;
  const [name, branch, columns] = fitted[0] as [string, unknown, number[]];
  if (name !== BRANCH_NUMBERS || !columns.every((c, i) => c === i) || columns.length !== ct.nFeaturesIn_) return null;
  const steps = (branch as { steps?: Array<readonly [string, unknown]> }).steps;
  const last = steps?.[steps.length - 1]?.[1] as Partial<FittedScaler> | undefined;
  if (last === undefined || !('withMean' in last) || !('mean_' in last)) return null;
  return last as FittedScaler;
}

/** x -> Dense((x - mean) / scale) as one Dense on x: W' = W / scale (per row), b' = b - (mean / scale) W. */
function foldScaler(network: Sequential, s: FittedScaler): Sequential {
  const copy = network.clone();
  const dense = copy.layers.find((l) => 'kernel' in l && (l as { kernel: unknown }).kernel !== null) as
    | {
        kernel: { data: Float32Array | Float64Array; shape: number[] };
        bias: { data: Float32Array | Float64Array } | null;
      }
    | undefined;
  if (dense === undefined) return copy;
  const [d, h] = dense.kernel.shape as [number, number];
  const W = dense.kernel.data;
  const shift = new Float64Array(h);
  for (let i = 0; i < d; i++) {
    const scale = s.withStd && s.scale_ !== null ? (s.scale_[i] as number) : 1;
    const mean = s.withMean && s.mean_ !== null ? (s.mean_[i] as number) : 0;
    for (let j = 0; j < h; j++) {
      const w = (W[i * h + j] as number) / scale;
      W[i * h + j] = w;
      shift[j] = (shift[j] as number) + mean * w;
    }
  }
  if (dense.bias !== null)
    for (let j = 0; j < h; j++) dense.bias.data[j] = (dense.bias.data[j] as number) - (shift[j] as number);
  return copy;
}

/** How to export this fitted Pipeline. */
export function exportPlan(pipe: Pipeline): ExportPlan {
  const mlp = finalEstimator(pipe);
  const network = mlp.model_;
  const scaler = numbersOnlyScaler(pipe);
  // A Dense layer without a bias could not take the scaler's shift: such a network is exported on encoded inputs.
  const first = network.layers.find((l) => 'kernel' in l) as { bias?: unknown } | undefined;
  if (scaler !== null && first !== undefined && first.bias !== null) {
    const scalerStep = new Pipeline({
      steps: [
        ['scaler', scaler as unknown as never],
        ['mlp', mlp],
      ],
    });
    return { onnx: scalerStep, network: foldScaler(network, scaler), inputs: pipe.featureNamesIn_ ?? [], raw: true };
  }
  const encode = new Pipeline({ steps: pipe.steps.slice(0, -1) });
  return { onnx: mlp, network, inputs: encode.getFeatureNamesOut(), raw: false };
}
