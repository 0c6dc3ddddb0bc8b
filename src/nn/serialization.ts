// Sequential models as JSON: architecture (layers through the open layer registry), weights, the compile state
// with the optimizer's slots, and the generator state; loading validates every field. Also `clone`, which is a
// round trip without the compile state. Imports tensor; knows the model only as a type.

import { ValueError, describe } from '../core/errors.ts';
import { Tensor } from '../tensor/tensor.ts';
import { parseJSONText, pickKeys } from '../core/objects.ts';
import { withAllocationBudget } from '../tensor/dtype.ts';
import { layerFromConfig, layerToConfig } from './layers.ts';
import { KerasLoss, getLoss } from './losses.ts';
import { metricFromConfig, metricToConfig } from './metrics.ts';
import { type Optimizer, optimizerFromJSON } from './optimizers.ts';
import { type Compiled, type FusedLossSettings, recompileArgs } from './compile.ts';
import type { Sequential, SequentialArgs } from './sequential.ts';

export interface SequentialJSON {
  format: 'scikeras-ts/sequential';
  version: 1;
  name: string;
  dtype: string;
  inputShape: number[] | null;
  layers: Array<{ className: string; config: Record<string, unknown> }>;
  /** Whether the model had built its weights (optional: without it, empty weights mean not built). */
  built?: boolean;
  weights: Array<{ shape: number[]; data: number[] }>;
  compile: null | {
    loss: string;
    fromLogits: boolean;
    /** The loss's other options (delta, labelSmoothing, a name of its own), when it has any. */
    lossConfig?: Record<string, unknown>;
    /** Names, or built-in metric classes as `{ className, config }`. */
    metrics: Array<string | { className: string; config: Record<string, unknown> }>;
    weightedMetrics?: Array<string | { className: string; config: Record<string, unknown> }>;
    lossSettings: FusedLossSettings;
    optimizer: ReturnType<Optimizer['toJSON']>;
  };
  rng: number[];
}

/** Makes the empty model a JSON describes (the caller's class, so this module needs no runtime import of it). */
export type CreateSequential = (args: SequentialArgs) => Sequential;

/** Options of loading model JSON that may come from outside. */
export interface FromJSONOptions {
  /**
   * The most parameters (weight values) the model may have, checked against the topology before anything is
   * allocated (default 5e7, 200 MB of float32; Infinity to lift it).
   */
  maxParams?: number;
}

/** The default of `maxParams`: larger than any model this package trains in practice. */
export const DEFAULT_MAX_PARAMS = 5e7;

const FLOAT32_MAX = 3.4028234663852886e38;

/** `maxParams` checked: a positive integer or Infinity. */
export function maxParamsOf(options: FromJSONOptions | undefined): number {
  const m = options?.maxParams ?? DEFAULT_MAX_PARAMS;
  if (!(m === Infinity || (Number.isInteger(m) && m > 0))) {
    throw new ValueError(`fromJSON: 'maxParams' must be a positive integer or Infinity. Got ${describe(m)} instead.`);
  }
  return m;
}

/**
 * @internal `Sequential.toJSON`: the compile state is kept only when all of it can be saved: a built-in loss, a
 * learning rate that is a number or a built-in schedule (functions cannot be saved); metrics that cannot be saved
 * (custom objects) are left out.
 */
export function sequentialToJSON(model: Sequential, c: Compiled | null): SequentialJSON {
  const serialisable =
    c !== null && c.loss instanceof KerasLoss && typeof c.optimizer.getConfig().learningRate !== 'function';
  const saveMetrics = (ids: Compiled['metricIds']) =>
    ids.flatMap((m) => {
      const saved = typeof m === 'string' ? m : metricToConfig(m);
      return saved === null ? [] : [saved];
    });
  const inputShape = model.getInputShape();
  return {
    format: 'scikeras-ts/sequential',
    version: 1,
    name: model.name,
    dtype: model.dtype,
    inputShape,
    layers: model.layers.map(layerToConfig),
    built: model.built,
    weights: model.built
      ? model.weights().map((w, i) => ({ shape: w.shape.slice(), data: finiteData(w.data, i) }))
      : [],
    compile:
      c === null || !serialisable
        ? null
        : {
            loss: (c.loss as KerasLoss).key,
            fromLogits: c.loss.fromLogits,
            ...lossConfig(c.loss as KerasLoss),
            metrics: saveMetrics(c.metricIds),
            weightedMetrics: saveMetrics(c.weightedIds),
            lossSettings: { ...c.settings },
            optimizer: c.optimizer.toJSON(),
          },
    rng: model.rng.getState(),
  };
}

function lossConfig(loss: KerasLoss): { lossConfig?: Record<string, unknown> } {
  const extra: Record<string, unknown> = { ...loss.config };
  if (loss.name !== loss.key) extra.name = loss.name;
  return Object.keys(extra).length === 0 ? {} : { lossConfig: extra };
}

/**
 * @internal `Sequential.clone`: architecture and weights, compiled with the same loss (custom functions included),
 * metrics and a fresh optimizer with the same hyper-parameters.
 */
export function cloneSequential(model: Sequential, c: Compiled | null, create: CreateSequential): Sequential {
  const copy = sequentialFromJSON({ ...sequentialToJSON(model, c), compile: null }, create);
  if (c !== null)
    copy.compile(
      recompileArgs(c, optimizerFromJSON({ className: c.optimizer.className, config: c.optimizer.getConfig() })),
    );
  return copy;
}

/** @internal `Sequential.fromJSON`: rebuilds a model from `toJSON()` output, validating every field. */
export function sequentialFromJSON(json: unknown, create: CreateSequential, options: FromJSONOptions = {}): Sequential {
  const maxParams = maxParamsOf(options);
  const keys = ['format', 'version', 'name', 'dtype', 'inputShape', 'layers', 'built', 'weights', 'compile', 'rng'];
  const j = pickKeys('Sequential JSON', parseJSONText('Sequential.fromJSON', json), keys);
  if (j.format !== 'scikeras-ts/sequential' || j.version !== 1)
    throw new ValueError(
      `Sequential.fromJSON: unsupported format ${describe(j.format)} version ${describe(j.version)}`,
    );
  if (!Array.isArray(j.layers)) throw new ValueError('Sequential.fromJSON: layers must be an array');
  if (j.dtype !== undefined && j.dtype !== 'float32' && j.dtype !== 'float64') {
    throw new ValueError(
      `Sequential.fromJSON: dtype must be 'float32' or 'float64'. Got ${describe(j.dtype)} instead.`,
    );
  }
  const model = create({
    name: typeof j.name === 'string' ? j.name : 'sequential',
    dtype: j.dtype === 'float64' ? 'float64' : 'float32',
  });
  for (const entry of j.layers) model.add(layerFromConfig(entry));
  if (!Array.isArray(j.weights)) throw new ValueError('Sequential.fromJSON: weights must be an array');
  if (j.built !== undefined && typeof j.built !== 'boolean')
    throw new ValueError(`Sequential.fromJSON: built must be a boolean. Got ${describe(j.built)} instead.`);
  // A model saved before its first build has no weights: restore the generator first, so that building
  // draws the initial weights the original would have drawn. A built one continues after its weights.
  const savedBuilt = j.built === true || j.weights.length > 0;
  if (!savedBuilt && Array.isArray(j.rng)) model.rng.setState(j.rng as number[]);
  if (j.inputShape !== null && j.inputShape !== undefined) {
    if (!Array.isArray(j.inputShape) || j.inputShape.some((d) => !Number.isInteger(d) || d <= 0)) {
      throw new ValueError('Sequential.fromJSON: inputShape must be an array of positive integers');
    }
    const planned = plannedWeights(model, j.inputShape as number[]);
    const count = planned.reduce((sum, shape) => sum + shape.reduce((a, b) => a * b, 1), 0);
    if (count > maxParams) {
      throw new ValueError(
        `Sequential.fromJSON: the model has ${count} parameters, more than maxParams = ${maxParams}; ` +
          `pass fromJSON(json, { maxParams }) to load a model this large.`,
      );
    }
    if (savedBuilt) checkSavedWeights(j.weights, planned, model.dtype);
    // Layers that do not report their weight shapes are held to the same limit while they build.
    withAllocationBudget(
      maxParams,
      `Sequential.fromJSON: building the model allocates more than maxParams = ${maxParams} values; pass fromJSON(json, { maxParams }) to load a model this large`,
      () => model.build(j.inputShape as number[]),
    );
  }
  // A built model was saved with all its weights; an emptied list would silently leave fresh random ones.
  if (savedBuilt && model.built && j.weights.length !== model.weights().length) {
    throw new ValueError(
      `Sequential.fromJSON: the model has ${model.weights().length} weight tensors but the JSON gives ${j.weights.length}`,
    );
  }
  if (j.weights.length > 0) {
    const ws = j.weights.map((w, i) => {
      const e = pickKeys(`weight ${i}`, w, ['shape', 'data']);
      if (
        !Array.isArray(e.shape) ||
        !Array.isArray(e.data) ||
        e.data.some((v) => typeof v !== 'number' || !Number.isFinite(v))
      ) {
        throw new ValueError(`Sequential.fromJSON: weight ${i} must have a shape and finite numeric data`);
      }
      if (model.dtype === 'float32' && (e.data as number[]).some((v) => Math.abs(v) > FLOAT32_MAX)) {
        throw new ValueError(`Sequential.fromJSON: weight ${i} holds values too large for float32 (the model's dtype)`);
      }
      return new Tensor(Float64Array.from(e.data as number[]), e.shape as number[]);
    });
    model.setWeights(ws);
  }
  if (savedBuilt && Array.isArray(j.rng)) model.rng.setState(j.rng as number[]);
  if (j.compile !== null && j.compile !== undefined) {
    const c = pickKeys('compile', j.compile, [
      'loss',
      'fromLogits',
      'lossConfig',
      'metrics',
      'weightedMetrics',
      'lossSettings',
      'optimizer',
    ]);
    const settings =
      c.lossSettings === undefined
        ? {}
        : pickKeys('lossSettings', c.lossSettings, ['epsilon', 'outputReduction', 'half']);
    const extra =
      c.lossConfig === undefined ? {} : pickKeys('lossConfig', c.lossConfig, ['name', 'delta', 'labelSmoothing']);
    const metrics = (v: unknown) =>
      Array.isArray(v) ? v.map((m) => (typeof m === 'string' ? m : metricFromConfig(m))) : [];
    model.compile({
      loss: getLoss(c.loss, { ...extra, fromLogits: c.fromLogits === true }),
      optimizer: optimizerFromJSON(c.optimizer, model.built ? model.optimizerWeights() : undefined),
      metrics: metrics(c.metrics),
      weightedMetrics: metrics(c.weightedMetrics),
      lossSettings: settings as FusedLossSettings,
    });
  }
  return model;
}

/** Weight values for JSON; NaN or Infinity (a diverged fit) cannot be saved and load back as the same model. */
function finiteData(data: ArrayLike<number>, i: number): number[] {
  const out = Array.from(data);
  if (!out.every(Number.isFinite)) {
    throw new ValueError(
      `Sequential.toJSON: weight ${i} holds NaN or Infinity (training diverged); such a model cannot be saved`,
    );
  }
  return out;
}

/** The weight shapes the layers will build for `inputShape`, where every layer reports them (else those it reports). */
function plannedWeights(model: Sequential, inputShape: readonly number[]): number[][] {
  const out: number[][] = [];
  let shape: readonly number[] = inputShape;
  for (const layer of model.layers) {
    const shapes = layer.weightShapes(shape);
    if (shapes !== null) out.push(...shapes);
    shape = layer.outputShape(shape);
  }
  return out;
}

/** The saved weights must have the shapes the topology gives (checked before the model allocates its own). */
function checkSavedWeights(weights: unknown[], planned: number[][], dtype: string): void {
  if (weights.length !== planned.length) return; // counted again after building, with the layers' own shapes
  weights.forEach((w, i) => {
    const shape = (w as { shape?: unknown })?.shape;
    const want = planned[i] as number[];
    if (!Array.isArray(shape) || shape.length !== want.length || shape.some((d, k) => d !== want[k])) {
      throw new ValueError(
        `Sequential.fromJSON: weight ${i} must have shape [${want.join(',')}] (${dtype}), got ${describe(shape)}`,
      );
    }
  });
}
