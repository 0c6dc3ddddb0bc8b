// nJobs: the seam between the fold fitting of searches and cross-validation and the workers of
// scikeras-ts/threads. The threads subpath registers a runner here when useThreads starts a pool; this
// file never imports it. Without a runner, or where the fits cannot travel to a worker, they run one after
// another with one warning. Imports src/core, utils and model-selection's fit-and-score only.
import { warn, type WarningCategory } from '../../core/warnings.ts';
import type { StepEstimator } from '../base.ts';
import type { AsyncFitOptions, BatchCall } from '../utils/fit-driver.ts';
import {
  fitAndScore,
  resolveMultiScoring,
  resolveScoring,
  type FitAndScoreOptions,
  type FitResult,
} from './fit-and-score.ts';
import type { Scoring } from './fit-and-score.ts';
import type { Fold } from './split.ts';

/** One fit of a batch: the candidate's parameters (null: the estimator's own) on fold `fold`. */
export interface FitJob {
  params: Record<string, unknown> | null;
  fold: number;
}

/** The fits a search or crossValidate asks the workers for, with everything a worker needs to run them. */
export interface FitJobBatch {
  owner: string;
  /** Workers to use (already resolved from nJobs: >= 2). */
  workers: number;
  base: StepEstimator;
  X: unknown;
  y: unknown;
  folds: readonly Fold[];
  jobs: readonly FitJob[];
  /** The scoring as the user gave it (a name, names, null), resolved again in the worker. */
  scoring: unknown;
  options: FitAndScoreOptions & { returnEstimator: boolean };
}

/** What a worker's fit gives back: the fit's result and the warnings it raised, replayed here in job order. */
export interface FitJobResult {
  result: FitResult;
  warnings: ReadonlyArray<readonly [WarningCategory, string]>;
}

/** Runs batches of fits on workers (registered by scikeras-ts/threads). */
export interface FitJobRunner {
  /** Threads of the pool: nJobs -1 means all of them. */
  readonly threads: number;
  /** Why this batch cannot run on workers (a build function that cannot travel, ...), or null. */
  refuse(batch: FitJobBatch, sync: boolean): string | null;
  /** Runs every job, calling `done` once per job (any order); a worker that dies throws a ThreadError. */
  runSync(batch: FitJobBatch, done: (job: number, r: FitJobResult) => void): void;
  runAsync(batch: FitJobBatch, done: (job: number, r: FitJobResult) => void, async: AsyncFitOptions): Promise<void>;
}

let runner: FitJobRunner | null = null;

/** Installs the runner of nJobs (null: none); returns the previous one. @internal */
export function setFitJobRunner(r: FitJobRunner | null): FitJobRunner | null {
  const prev = runner;
  runner = r;
  return prev;
}

/** The workers nJobs asks for: n, or threads + 1 + n for a negative n (scikit-learn's rule), at most `threads`. */
export function resolveNJobs(nJobs: number | null | undefined, threads: number): number {
  if (nJobs === null || nJobs === undefined || nJobs === 0) return 1;
  return Math.max(1, Math.min(threads, nJobs < 0 ? threads + 1 + nJobs : nJobs));
}

/**
 * The batch call that runs `jobs` on workers and hands each result to `take` in job order (warnings
 * replayed first), or null to fit them one after another: nJobs of 1 or none, no pool running, or fits
 * that cannot travel (warned once, with the reason).
 */
export function parallelFits(
  nJobs: number | null | undefined,
  batch: Omit<FitJobBatch, 'workers'>,
  take: (job: number, r: FitResult) => void,
): BatchCall | null {
  if (nJobs === null || nJobs === undefined || nJobs === 1 || nJobs === 0 || batch.jobs.length < 2) return null;
  const r = runner;
  if (r === null) {
    warn(
      'UserWarning',
      `${batch.owner}: nJobs=${nJobs} but no thread pool is running, so the fits run one after another. ` +
        "Start one first with `await useThreads()` from 'scikeras-ts/threads'.",
    );
    return null;
  }
  const workers = Math.min(resolveNJobs(nJobs, r.threads), batch.jobs.length);
  if (workers < 2) return null;
  const full: FitJobBatch = { ...batch, workers };
  const refusedSync = r.refuse(full, true);
  const refusedAsync = r.refuse(full, false);
  if (refusedSync !== null && refusedAsync !== null) {
    warn('UserWarning', `${batch.owner}: nJobs=${nJobs}: the fits run one after another: ${refusedAsync}.`);
    return null;
  }
  // Results come in any order; they are taken (and their warnings replayed) in job order.
  const pending = new Map<number, FitJobResult>();
  let next = 0;
  const done = (job: number, res: FitJobResult): void => {
    pending.set(job, res);
    for (let p = pending.get(next); p !== undefined; p = pending.get(next)) {
      pending.delete(next);
      for (const [category, message] of p.warnings) warn(category, message);
      take(next++, p.result);
    }
  };
  return {
    batch: true,
    runSync: () => {
      if (refusedSync === null) return r.runSync(full, done);
      warn('UserWarning', `${batch.owner}: nJobs=${nJobs}: the fits run one after another: ${refusedSync}.`);
      const multi = resolveMultiScoring(batch.scoring);
      const scorer = multi ?? resolveScoring(batch.scoring as Scoring);
      batch.jobs.forEach((j, i) => {
        const fold = batch.folds[j.fold] as Fold;
        take(i, fitAndScore(batch.base, batch.X, batch.y, fold, j.params, scorer, batch.options));
      });
    },
    runAsync: (async) => r.runAsync(full, done, async),
  };
}
