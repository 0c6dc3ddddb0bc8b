// The bookkeeping scikit-learn's MLPs keep across epochs, warm starts and partial fits (loss curve,
// best loss, validation scores, no-improvement count), and its JSON form. Imports src/core and tensor.

import { ValueError, describe } from '../../core/errors.ts';
import { pickKeys } from '../../core/objects.ts';
import type { Tensor } from '../../tensor/tensor.ts';

/** What scikit-learn keeps across epochs, warm starts and partial fits. */
export interface MLPState {
  nIter_: number;
  t_: number;
  loss_: number;
  lossCurve_: number[];
  bestLoss_: number | null;
  validationScores_: number[] | null;
  bestValidationScore_: number | null;
  noImprovementCount: number;
  bestWeights: Tensor[] | null;
}

/** The state keys that are also fitted attributes of the estimator. */
export const STATE_ATTRIBUTES = [
  'nIter_',
  't_',
  'loss_',
  'lossCurve_',
  'bestLoss_',
  'validationScores_',
  'bestValidationScore_',
] as const;

export function freshState(earlyStopping: boolean): MLPState {
  return {
    nIter_: 0,
    t_: 0,
    loss_: NaN,
    lossCurve_: [],
    bestLoss_: earlyStopping ? null : Infinity,
    validationScores_: earlyStopping ? [] : null,
    bestValidationScore_: earlyStopping ? -Infinity : null,
    noImprovementCount: 0,
    bestWeights: null,
  };
}

// JSON has no Infinity: +-Infinity travel as strings (NaN as null).
const encode = (v: unknown): unknown => (v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : v);

/** The state as JSON values (the best weights are not kept: they are the model's weights after fit). */
export function stateToJSON(s: MLPState): Record<string, unknown> {
  const { bestWeights: _dropped, ...rest } = s;
  return JSON.parse(JSON.stringify(rest, (_k, v: unknown) => encode(v))) as Record<string, unknown>;
}

/** Restores `stateToJSON` output, every field checked. */
export function stateFromJSON(json: unknown): MLPState {
  const raw = pickKeys('MLP state', json, [
    'nIter_',
    't_',
    'loss_',
    'lossCurve_',
    'bestLoss_',
    'validationScores_',
    'bestValidationScore_',
    'noImprovementCount',
  ]);
  const num = (key: string, v: unknown): number => {
    const x = v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v === null ? NaN : v;
    if (typeof x !== 'number')
      throw new ValueError(`fromJSON: MLP state '${key}' must be a number, got ${describe(v)}`);
    return x;
  };
  const list = (key: string, v: unknown): number[] => {
    if (!Array.isArray(v)) throw new ValueError(`fromJSON: MLP state '${key}' must be an array of numbers`);
    return v.map((x) => num(key, x));
  };
  return {
    nIter_: count('nIter_', raw.nIter_),
    t_: count('t_', raw.t_),
    loss_: num('loss_', raw.loss_),
    lossCurve_: list('lossCurve_', raw.lossCurve_),
    bestLoss_: raw.bestLoss_ === null ? null : num('bestLoss_', raw.bestLoss_),
    validationScores_: raw.validationScores_ === null ? null : list('validationScores_', raw.validationScores_),
    bestValidationScore_:
      raw.bestValidationScore_ === null ? null : num('bestValidationScore_', raw.bestValidationScore_),
    noImprovementCount: count('noImprovementCount', raw.noImprovementCount),
    bestWeights: null,
  };
}

/** A non-negative integer from saved state. */
export function count(key: string, v: unknown): number {
  if (!Number.isInteger(v) || (v as number) < 0)
    throw new ValueError(`fromJSON: MLP state '${key}' must be a non-negative integer, got ${describe(v)}`);
  return v as number;
}
