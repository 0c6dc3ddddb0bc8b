// nJobs: the seam between the fold fitting of searches, cross-validation and the curves and the fit workers of
// scikeras-ts/threads, which registers a runner here when useThreads starts a pool (this file never
// imports it, and the runner's code loads lazily). Without a runner the fits run one after another
// with one warning. Imports src/core, utils, fit-and-score.ts and model-selection's types.
import { warn, type WarningCategory } from '../../core/warnings.ts';
import type { StepEstimator } from '../base.ts';
import type { BatchCall } from '../utils/fit-driver.ts';
import { fitAndScore, type FitAndScoreOptions, type FitResult, type ScoreFn } from './fit-and-score.ts';
import type { Fold } from './split.ts';

/**
 * One fit of a batch: the candidate's parameters (null: the estimator's own) on fold `fold`, trained on
 * the first `trainSize` samples of its training set where given (a learning curve's size).
 */
export interface FitJob {
  params: Record<string, unknown> | null;
  fold: number;
  trainSize?: number;
}

/** The fits a search, crossValidate or a curve asks for, with everything a worker needs to run them. */
export interface FitJobBatch {
  owner: string;
  base: StepEstimator;
  X: unknown;
  y: unknown;
  folds: readonly Fold[];
  jobs: readonly FitJob[];
  /** The scoring as the user gave it (a name, names, null), resolved again in the worker. */
  scoring: unknown;
  options: FitAndScoreOptions & { returnEstimator: boolean };
}

/** What a worker's fit gives back: its result and the warnings it raised, replayed here in job order. */
export interface FitJobResult {
  result: FitResult;
  warnings: ReadonlyArray<readonly [WarningCategory, string]>;
}

/** Runs batches of fits on workers (registered by scikeras-ts/threads). */
export interface FitJobRunner {
  /**
   * The call that fits `batch` on workers and gives each result to `take` in job order, or null to fit
   * them one after another here (having warned why: fits that cannot travel to a worker).
   */
  plan(nJobs: number, batch: FitJobBatch, take: (job: number, r: FitResult) => void): BatchCall | null;
}

let runner: FitJobRunner | null = null;

/** Installs the runner of nJobs (null: none). @internal */
export function setFitJobRunner(r: FitJobRunner | null): void {
  runner = r;
}

/** The batch call for nJobs (see FitJobRunner.plan), or null: nJobs null, 0 or 1, one job, or no pool (warned). */
export function parallelFits(
  nJobs: number | null | undefined,
  batch: FitJobBatch,
  take: (job: number, r: FitResult) => void,
): BatchCall | null {
  if (!nJobs || nJobs === 1 || batch.jobs.length < 2) return null;
  if (runner !== null) return runner.plan(nJobs, batch, take);
  warn(
    'UserWarning',
    `${batch.owner}: nJobs=${nJobs} but no thread pool is running, so the fits run one after another. ` +
      "Start one first with `await useThreads()` from 'scikeras-ts/threads'.",
  );
  return null;
}

/** The fold a job fits on: its training set cut to `trainSize` samples where given. */
export function jobFold(folds: readonly Fold[], job: { fold: number; trainSize?: number | undefined }): Fold {
  const f = folds[job.fold] as Fold;
  return job.trainSize === undefined ? f : [f[0].slice(0, job.trainSize), f[1]];
}

/**
 * Fits and scores a batch synchronously: on the fit workers with nJobs (see parallelFits), else one after
 * another here with `scorer` (the batch's scoring, resolved); `take` sees each result in job order.
 */
export function runFitJobs(
  nJobs: number | null | undefined,
  batch: FitJobBatch,
  scorer: ScoreFn | ReadonlyArray<readonly [string, ScoreFn]>,
  take: (job: number, r: FitResult) => void,
): void {
  const call = parallelFits(nJobs, batch, take);
  if (call !== null) call.runSync();
  else
    batch.jobs.forEach((job, i) =>
      take(i, fitAndScore(batch.base, batch.X, batch.y, jobFold(batch.folds, job), job.params, scorer, batch.options)),
    );
}
