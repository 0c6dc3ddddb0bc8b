// The messages between the main thread and the fit workers of nJobs, and their shared control block:
// an event counter a worker bumps (and notifies) after each reply, so a main thread blocked in a
// synchronous fit wakes, and one flag per worker that dies. Imports nothing at run time.
import type { FitAndScoreOptions, FitResult } from '../estimators/model-selection/fit-and-score.ts';
import type { Fold } from '../estimators/model-selection/split.ts';
import type { WarningCategory } from '../core/warnings.ts';

/** Replies posted so far by all workers (bumped and notified after each). */
export const EVENTS = 0;
/** Per worker id: 1 once it has ended. */
export const DEAD = 1;

/** The data of a batch, sent once to each worker before its jobs. */
export interface DataMessage {
  type: 'data';
  X: unknown;
  y: unknown;
  folds: Fold[];
}

/** One fit: the estimator's JSON (its candidate's parameters set), its fold, and how to score it. */
export interface JobMessage {
  type: 'job';
  job: number;
  json: unknown;
  /** Modules of registered user classes (their workerModule), imported before the JSON is restored. */
  modules: string[];
  fold: number;
  /** Train on the first trainSize samples of the fold's training set (a learning curve). */
  trainSize: number | undefined;
  scoring: unknown;
  options: FitAndScoreOptions & { returnEstimator: boolean };
}

export type ReplyMessage =
  | { ready: true }
  | { failed: string }
  | {
      job: number;
      result: Omit<FitResult, 'estimator'>;
      /** The fitted estimator's JSON (returnEstimator). */
      fitted: unknown;
      warnings: [WarningCategory, string][];
    }
  | { job: number; error: { name: string; message: string; code: string | undefined } };

/** The side of a MessageChannel each end uses (Node's MessagePort). */
export interface Port {
  postMessage(m: unknown): void;
  on(event: 'message', f: (m: unknown) => void): void;
}

/**
 * The worker's module source (a data: URL, so no extra file needs serving): imports `imports` (a
 * TypeScript loader's registration when the library runs from source), then fit-job's module, and
 * serves jobs. A failure to load is its one reply.
 */
export function fitWorkerSource(): string {
  return `import { workerData } from 'node:worker_threads';
const d = workerData;
try {
  for (const u of d.imports) await import(u);
  const m = await import(d.jobModule);
  m.serveFitJobs(d);
} catch (e) {
  d.port.postMessage({ failed: String(e && e.message ? e.message : e) });
  const ctl = new Int32Array(d.ctl);
  Atomics.add(ctl, ${EVENTS}, 1);
  Atomics.notify(ctl, ${EVENTS});
}
`;
}
