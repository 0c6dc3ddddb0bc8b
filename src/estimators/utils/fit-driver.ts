// Driving fits for searches, cross-validation and pipelines: one code path for fit and fitAsync.
// Work is written as a generator that asks for fits (FitCalls); a driver runs them synchronously or
// through each estimator's fitAsync. Imports src/core only.

import { abortError, nextTurn, type AbortSignalLike } from '../../core/async.ts';

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
export function splitAsyncOptions<T extends Record<string, unknown>>(
  options: T & AsyncFitOptions,
): [AsyncFitOptions, Omit<T, keyof AsyncFitOptions>] {
  const { signal, yieldEvery, yieldMs, ...rest } = options;
  const async: AsyncFitOptions = {};
  if (signal !== undefined) async.signal = signal;
  if (yieldEvery !== undefined) async.yieldEvery = yieldEvery;
  if (yieldMs !== undefined) async.yieldMs = yieldMs;
  return [async, rest as Omit<T, keyof AsyncFitOptions>];
}

/** An estimator that can fit, and maybe fit without blocking. */
interface Fittable {
  fit(X: unknown, y?: unknown, options?: Record<string, unknown>): unknown;
  fitAsync?(X: unknown, y?: unknown, options?: Record<string, unknown>): Promise<unknown>;
}

/** fitAsync where the estimator has it; else fit after one turn of the event loop (honouring the signal). */
export async function fitMaybeAsync(
  est: Fittable,
  X: unknown,
  y: unknown,
  options: Record<string, unknown>,
  async: AsyncFitOptions,
): Promise<void> {
  if (typeof est.fitAsync === 'function') {
    await est.fitAsync(X, y, { ...options, ...async });
    return;
  }
  await nextTurn();
  if (async.signal?.aborted) throw abortError();
  est.fit(X, y, options);
}

/** One estimator fit a search or cross-validation asks for. */
export interface FitCall {
  est: Fittable;
  X: unknown;
  y: unknown;
  options: Record<string, unknown>;
}

/** Many fits at once (nJobs: workers of scikeras-ts/threads), run to the end or thrown back into the steps. */
export interface BatchCall {
  batch: true;
  runSync(): void;
  runAsync(async: AsyncFitOptions): Promise<void>;
}

/** Steps that ask for fits (a fit's error is thrown back into the steps) and end with a T. */
export type FitCalls<T> = Generator<FitCall | BatchCall, T, void>;

export function runFitCalls<T>(steps: FitCalls<T>): T {
  let r = steps.next();
  while (!r.done) {
    const c = r.value;
    let error: { e: unknown } | null = null;
    try {
      if ('batch' in c) c.runSync();
      else c.est.fit(c.X, c.y, c.options);
    } catch (e) {
      error = { e };
    }
    r = error === null ? steps.next() : steps.throw(error.e);
  }
  return r.value;
}

/** As runFitCalls, each fit through fitMaybeAsync; an abort ends everything (it is no failed fit). */
export async function runFitCallsAsync<T>(steps: FitCalls<T>, async: AsyncFitOptions): Promise<T> {
  let r = steps.next();
  while (!r.done) {
    const c = r.value;
    if (async.signal?.aborted) {
      steps.return(undefined as T);
      throw abortError();
    }
    let error: { e: unknown } | null = null;
    try {
      if ('batch' in c) await c.runAsync(async);
      else await fitMaybeAsync(c.est, c.X, c.y, c.options, async);
    } catch (e) {
      // Only our signal ends the run; any other error (even one named AbortError) is a failed fit.
      if (async.signal?.aborted === true) {
        steps.return(undefined as T);
        throw e;
      }
      error = { e };
    }
    r = error === null ? steps.next() : steps.throw(error.e);
  }
  return r.value;
}
