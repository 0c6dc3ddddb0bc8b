// The arguments of Sequential's predict and evaluate, and the checks fit, predict and evaluate share: unknown
// option keys are Keras's TypeError (an ArgumentError), sizes and verbosity are validated. Imports core only.

import { ArgumentError, ValueError, describe } from '../core/errors.ts';
import type { Callback } from './callbacks.ts';
import type { DataLike } from './data.ts';

/** Keras's `predict` arguments. */
export interface PredictOptions {
  /** Rows per batch (default 32). */
  batchSize?: number;
  /** Accepted as Keras's (0, 1, 2, or a boolean); predict prints nothing. */
  verbose?: number | boolean;
  /** Batches to predict before stopping (Keras): the output has at most `steps * batchSize` rows. */
  steps?: number | null;
  /** Callbacks whose predict hooks run (onPredictBegin / End, onPredictBatchBegin / End). */
  callbacks?: Callback | Callback[];
}

/** Keras's `evaluate` arguments. */
export interface EvaluateOptions {
  batchSize?: number;
  sampleWeight?: DataLike;
  /** Accepted as Keras's (0, 1, 2, or a boolean); evaluate prints nothing. */
  verbose?: number | boolean;
  /** Batches to evaluate (Keras); default all of them. */
  steps?: number | null;
  /** Callbacks whose test hooks run (onTestBegin / End, onTestBatchBegin / End). */
  callbacks?: Callback | Callback[];
}

/** Every option `predict` reads; any other key is an ArgumentError (Keras's TypeError). */
export const PREDICT_OPTION_KEYS: readonly string[] = ['batchSize', 'verbose', 'steps', 'callbacks'];

/** Keras's TypeError (an ArgumentError here) for an argument `method` does not take (else a typo goes unseen). */
export function checkOptionKeys(method: string, options: object, valid: readonly string[]): void {
  const bad = Object.keys(options).find((k) => !valid.includes(k));
  if (bad !== undefined)
    throw new ArgumentError(
      `${method}() got an unexpected keyword argument '${bad}'. Valid arguments: ${valid.join(', ')}`,
    );
}

export function checkVerbose(op: string, verbose: unknown): void {
  if (verbose !== undefined && typeof verbose !== 'boolean' && verbose !== 0 && verbose !== 1 && verbose !== 2)
    throw new ValueError(`${op}: 'verbose' must be 0, 1, 2 or a boolean. Got ${describe(verbose)} instead.`);
}

export function checkSteps(op: string, steps: unknown): void {
  if (steps !== null) checkBatchSize(op, steps, 'steps');
}

export function checkBatchSize(op: string, batchSize: unknown, name = 'batchSize'): void {
  if (batchSize !== undefined && (!Number.isInteger(batchSize) || (batchSize as number) < 1)) {
    throw new ValueError(`${op}: '${name}' must be a positive integer. Got ${describe(batchSize)} instead.`);
  }
}
