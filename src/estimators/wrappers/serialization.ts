// The wrappers' JSON: parameters JSON can hold (the rest listed as omitted), and the fitted state's
// meta and history read back with every field checked. Imports src/core and utils only.

import { ValueError, describe } from '../../core/errors.ts';
import { assertSafeKey, isRecord, pickKeys } from '../../core/objects.ts';
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
  'classes_',
  'nClasses_',
];
const TARGET_TYPES: readonly string[] = [
  'binary',
  'multiclass',
  'multilabel-indicator',
  'multiclass-multioutput',
  'continuous',
  'continuous-multioutput',
];

/** The saved meta, every field checked (classes come back through the target encoder, not from here). */
export function readMeta(json: unknown): Omit<Meta, 'classes_' | 'nClasses_'> {
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
  return {
    nFeaturesIn_,
    XShape_: XShape_ as number[],
    XDtype_: String(meta.XDtype_),
    yNdim_: meta.yNdim_,
    yDtype_: String(meta.yDtype_),
    targetType_: meta.targetType_ as TargetType,
    nOutputs_: count('nOutputs_', meta.nOutputs_, 1),
    nOutputsExpected_: count('nOutputsExpected_', meta.nOutputsExpected_, 1),
  };
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
