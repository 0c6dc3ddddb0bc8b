// The wrappers' JSON: parameters JSON can hold (the rest listed as omitted), and the fitted state's
// meta and history read back with every field checked. Imports src/core and utils only.

import { ValueError, describe } from '../../core/errors.ts';
import { assertSafeKey, canonicalName, isRecord, pickKeys } from '../../core/objects.ts';
import type { TargetType } from '../utils/multiclass.ts';
import type { Meta } from './build.ts';

/** Whether JSON can hold a parameter value exactly (Infinity travels as the string 'Infinity'). */
export function isJsonSafe(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v) || v === Infinity;
  if (Array.isArray(v)) return v.every(isJsonSafe);
  if (isRecord(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null))
    return Object.values(v).every(isJsonSafe);
  return false;
}

/** Parameters as JSON, and the names of those JSON cannot hold (a build function, callback objects). */
export function paramsToJSON(params: Record<string, unknown>): {
  params: Record<string, unknown>;
  omittedParams: string[];
} {
  const out: Record<string, unknown> = {};
  const omitted: string[] = [];
  for (const [k, v] of Object.entries(params)) {
    // JSON has no Infinity (nIterNoChange may be Infinity): it travels as the string 'Infinity'.
    if (isJsonSafe(v)) out[k] = v === Infinity ? 'Infinity' : v;
    else omitted.push(k);
  }
  return { params: out, omittedParams: omitted };
}

/** Parameters from JSON (the string 'Infinity' back to Infinity). */
export function paramsFromJSON(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    assertSafeKey('fromJSON params', k);
    out[k] = v === 'Infinity' ? Infinity : v;
  }
  return out;
}

const META_KEYS = [
  'nFeaturesIn_',
  'XShape_',
  'XDtype_',
  'yNdim_',
  'yDtype_',
  'targetType_',
  'nOutputs_',
  'nOutputsExpected_',
];
const TARGET_TYPES: readonly string[] = [
  'binary',
  'multiclass',
  'multilabel-indicator',
  'multiclass-multioutput',
  'continuous',
  'continuous-multioutput',
];

/** The saved meta the wrapper sets itself, every field checked (the encoders' meta comes back with them). */
export function readMeta(json: unknown): Partial<Meta> {
  const meta = pickKeys('meta', json, META_KEYS);
  const count = (key: string, v: unknown, min: number): number => {
    if (!Number.isInteger(v) || (v as number) < min)
      throw new ValueError(`fromJSON: meta.${key} must be an integer >= ${min}; got ${describe(v)}`);
    return v as number;
  };
  const nFeaturesIn_ = count('nFeaturesIn_', meta.nFeaturesIn_, 1);
  const XShape_ = meta.XShape_;
  if (!Array.isArray(XShape_) || XShape_.some((d) => !Number.isInteger(d) || d < 0))
    throw new ValueError('fromJSON: meta.XShape_ must be an array of sizes');
  if (meta.yNdim_ !== 1 && meta.yNdim_ !== 2)
    throw new ValueError(`fromJSON: meta.yNdim_ must be 1 or 2; got ${describe(meta.yNdim_)}`);
  if (!TARGET_TYPES.includes(meta.targetType_ as string))
    throw new ValueError(`fromJSON: bad meta.targetType_ ${describe(meta.targetType_)}`);
  const out: Partial<Meta> = {
    nFeaturesIn_,
    XShape_: XShape_ as number[],
    XDtype_: String(meta.XDtype_),
    yNdim_: meta.yNdim_,
    yDtype_: String(meta.yDtype_),
    targetType_: meta.targetType_ as TargetType,
  };
  // A custom target encoder may leave these unset (or null, as SciKeras's multi-output example does).
  for (const k of ['nOutputs_', 'nOutputsExpected_'] as const) {
    if (meta[k] !== undefined) out[k] = meta[k] === null ? (null as unknown as number) : count(k, meta[k], 1);
  }
  return out;
}

// The Keras metric names SciKeras's `metric_name` gives in `history_` for a shorthand or another spelling.
const FULL_METRIC_NAMES = [
  'mean_squared_error',
  'mean_absolute_error',
  'mean_absolute_percentage_error',
  'mean_squared_logarithmic_error',
  'binary_accuracy',
  'categorical_accuracy',
  'sparse_categorical_accuracy',
];
const SHORTHANDS = ['mse', 'mae', 'mape', 'msle'];

/** The key of a Keras history entry in `history_`: SciKeras's full metric name ('mae' -> 'mean_absolute_error'). */
export function historyKey(key: string): string {
  if (key === 'loss' || key.startsWith('val_')) return key;
  const c = canonicalName(key);
  const short = SHORTHANDS.indexOf(c);
  return short >= 0
    ? (FULL_METRIC_NAMES[short] as string)
    : (FULL_METRIC_NAMES.find((n) => canonicalName(n) === c) ?? key);
}

/** The saved history: arrays of numbers by key (JSON's null is NaN). */
export function readHistory(json: unknown): Record<string, number[]> {
  if (!isRecord(json)) throw new ValueError('fromJSON: history must be an object');
  const history: Record<string, number[]> = {};
  for (const [k, v] of Object.entries(json)) {
    assertSafeKey('fromJSON history', k);
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'number' && x !== null))
      throw new ValueError(`fromJSON: history '${k}' must be an array of numbers`);
    history[k] = (v as Array<number | null>).map((x) => (x === null ? NaN : x));
  }
  return history;
}
