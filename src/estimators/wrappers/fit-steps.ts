// One training code path for fit and fitAsync: an estimator's training is a generator that yields
// the Sequential.fit call it needs and receives its History; a driver runs that call synchronously
// (fit) or through Sequential.fitAsync (fitAsync). Imports nn types, src/core and utils.

import type { Sequential } from '../../nn/sequential.ts';
import type { FitOptions, History } from '../../nn/train.ts';
import type { DataLike } from '../../nn/data.ts';
import { abortError, nextTurn } from '../../core/async.ts';
import type { AsyncFitOptions } from '../utils/fit-driver.ts';

/** A Sequential.fit call an estimator's training asks for. */
export interface FitRequest {
  model: Sequential;
  x: DataLike;
  y: DataLike;
  options: FitOptions;
}

/** Training steps: yields fit requests, resumed with each one's History. */
export type TrainSteps = Generator<FitRequest, void, History>;

export function runSteps(steps: TrainSteps): void {
  for (let r = steps.next(); !r.done;) r = steps.next(r.value.model.fit(r.value.x, r.value.y, r.value.options));
}

export async function runStepsAsync(steps: TrainSteps, async: AsyncFitOptions): Promise<void> {
  // A turn first, so an abort right after the call is seen even by work that runs in one piece (lbfgs).
  await nextTurn();
  if (async.signal?.aborted) throw abortError();
  for (let r = steps.next(); !r.done;)
    r = steps.next(await r.value.model.fitAsync(r.value.x, r.value.y, { ...r.value.options, ...async }));
}
