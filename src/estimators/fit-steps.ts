// One training code path for fit and fitAsync: an estimator's training is a generator that yields
// the Sequential.fit call it needs and receives its History; a driver runs that call synchronously
// (fit) or through Sequential.fitAsync (fitAsync). Imports nn types only.

import type { Sequential, AbortSignalLike } from '../nn/sequential.ts';
import type { FitOptions, History } from '../nn/train.ts';
import type { Tensor } from '../tensor/tensor.ts';

/** A Sequential.fit call an estimator's training asks for. */
export interface FitRequest {
  model: Sequential;
  x: Tensor;
  y: Tensor;
  options: FitOptions;
}

/** Training steps: yields fit requests, resumed with each one's History. */
export type TrainSteps = Generator<FitRequest, void, History>;

/** How fitAsync yields and stops (see Sequential.fitAsync). */
export interface AsyncFitOptions {
  /** Aborts training (an AbortError) at the next batch. */
  signal?: AbortSignalLike;
  /** Give the event loop a turn every n batches (default: by time, see yieldMs). */
  yieldEvery?: number;
  /** Give the event loop a turn after this many milliseconds of work (default 16). */
  yieldMs?: number;
}

/** Splits fitAsync's own options from the fit arguments. */
export function splitAsyncOptions<T extends Record<string, unknown>>(options: T & AsyncFitOptions): [AsyncFitOptions, Omit<T, keyof AsyncFitOptions>] {
  const { signal, yieldEvery, yieldMs, ...rest } = options;
  const async: AsyncFitOptions = {};
  if (signal !== undefined) async.signal = signal;
  if (yieldEvery !== undefined) async.yieldEvery = yieldEvery;
  if (yieldMs !== undefined) async.yieldMs = yieldMs;
  return [async, rest as Omit<T, keyof AsyncFitOptions>];
}

export function runSteps(steps: TrainSteps): void {
  for (let r = steps.next(); !r.done; ) r = steps.next(r.value.model.fit(r.value.x, r.value.y, r.value.options));
}

export async function runStepsAsync(steps: TrainSteps, async: AsyncFitOptions): Promise<void> {
  for (let r = steps.next(); !r.done; ) r = steps.next(await r.value.model.fitAsync(r.value.x, r.value.y, { ...r.value.options, ...async }));
}
