// What fit, fitAsync and partialFit check and prepare before training: the call's argument names,
// partialFit's classes, the data of an incremental fit against the first one, and samples of weight zero
// (dropped, as SciKeras does). Imports src/core, tensor and utils.

import { ArgumentError, ValueError, describe } from '../../core/errors.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import { take } from '../../tensor/ops.ts';
import { checkOptionKeys } from '../../nn/call-options.ts';
import type { CheckedY } from '../utils/validation.ts';
import type { Label } from '../utils/multiclass.ts';

/** Refuses call arguments outside `allowed` (null: any argument goes on to the model's fit). */
export function checkFitKeys(
  kwargs: Record<string, unknown>,
  allowed: readonly string[] | null,
  incremental: boolean,
): void {
  if (allowed !== null)
    checkOptionKeys(incremental ? 'partialFit' : 'fit', kwargs, ['sampleWeight', 'classes', ...allowed]);
}

/** partialFit's `classes` (classifiers only), removed from the call's arguments. */
export function takeClasses(
  kwargs: Record<string, unknown>,
  incremental: boolean,
  classifier: boolean,
  name: string,
): Label[] | null {
  const c = kwargs.classes;
  delete kwargs.classes;
  if (c === undefined) return null;
  if (!incremental)
    throw new ArgumentError("fit() got an unexpected keyword argument 'classes' (classes is a partialFit argument)");
  if (!classifier)
    throw new ArgumentError(`partialFit() got an unexpected keyword argument 'classes': ${name} is a regressor`);
  if (
    !(Array.isArray(c) || (ArrayBuffer.isView(c) && !(c instanceof DataView))) ||
    (c as ArrayLike<unknown>).length === 0
  ) {
    throw new ValueError(`partialFit: 'classes' must be a non-empty array of labels. Got ${describe(c)} instead.`);
  }
  return Array.from(c as ArrayLike<Label>);
}

/** An incremental fit's data must look like the first fit's (SciKeras's `_validate_data` with reset false). */
export function checkIncrementalData(
  name: string,
  seen: { nFeaturesIn_: number; yNdim_: number; yDtype_: string },
  Xt: Tensor,
  yc: CheckedY,
): void {
  if (Xt.shape[1] !== seen.nFeaturesIn_)
    throw new ValueError(
      `X has ${Xt.shape[1]} features, but ${name} is expecting ${seen.nFeaturesIn_} features as input.`,
    );
  if (yc.ndim !== seen.yNdim_)
    throw new ValueError(`y has ${yc.ndim} dimensions, but this ${name} is expecting ${seen.yNdim_} dimensions in y.`);
  if (yc.kind !== seen.yDtype_) {
    throw new ValueError(
      `Got y with dtype ${yc.kind}, but this ${name} expected ${seen.yDtype_} and casting from ${yc.kind} to ${seen.yDtype_} is not safe!`,
    );
  }
}

/** Drops the samples of weight zero (SciKeras mirrors scikit-learn's estimators); all zero is an error. */
export function dropZeroWeights(
  Xt: Tensor,
  yc: CheckedY,
  sw: Float64Array | null,
): { Xt: Tensor; yc: CheckedY; sw: Float64Array | null } {
  if (sw === null) return { Xt, yc, sw };
  const keep: number[] = [];
  for (let i = 0; i < sw.length; i++) if (sw[i] !== 0) keep.push(i);
  if (keep.length === 0) {
    throw new ValueError(
      'No training samples had any weight; only zeros were passed in sampleWeight. That ' +
        "means there's nothing to train on by definition, so training can not be completed.",
    );
  }
  if (keep.length === sw.length) return { Xt, yc, sw };
  return {
    Xt: take(Xt, keep),
    yc: { ...yc, values: keep.map((i) => (yc.values as unknown[])[i]) as CheckedY['values'] },
    sw: Float64Array.from(keep, (i) => sw[i] as number),
  };
}
