// What every framework adapter (scikeras-ts, tfjs, scikit-learn) implements:
// one timed run of one workload. Types only; imports bench/workloads.ts for types.

import type { Workload } from './workloads.ts';

/** One run: train on the first `trainRows` rows with `seed`, then score. */
export interface RunArgs {
  workload: Workload;
  trainRows: number;
  seed: number;
}

/** Seconds of the timed part (fit, or predict for W5) and the score (accuracy or R^2). */
export interface RunResult {
  seconds: number;
  score: number;
}

export type FrameworkName = 'scikeras-ts' | 'tfjs' | 'scikit-learn';

/** A framework with one backend and API: a row of the results table. */
export interface Runner {
  /** Stable id, also the key of W3's slice table: 'scikeras-ts/wasm', 'tfjs/cpu', 'scikit-learn', ... */
  key: string;
  framework: FrameworkName;
  /** API and backend, e.g. 'Sequential.fit · wasm'. */
  variant: string;
  /** Whether this runner takes part in a workload (a reason string when it does not, else true). */
  supports(w: Workload): true | string;
  run(args: RunArgs): Promise<RunResult>;
}

/** A runner, or why it cannot run on this machine. */
export type Availability =
  { runner: Runner } | { key: string; framework: FrameworkName; variant: string; reason: string };
