// The fit worker's side of nJobs: a worker of fit-pool.ts imports this module by URL (after the
// modules of registered user classes), restores each job's estimator from JSON, fits and scores it
// with the same fitAndScore as one thread, and posts the result back on its port. Imports the
// estimators (their registrations included) and src/core; no Node built-in.
import '../estimators/index.ts';
import { estimatorFromJSON } from '../estimators/base.ts';
import {
  fitAndScore,
  resolveMultiScoring,
  resolveScoring,
  type Scoring,
} from '../estimators/model-selection/fit-and-score.ts';
import { jobFold } from '../estimators/model-selection/parallel-fits.ts';
import type { Fold } from '../estimators/model-selection/split.ts';
import { setWarningHandler, type WarningCategory } from '../core/warnings.ts';
import { tensor } from '../tensor/create.ts';
import type { DType } from '../tensor/dtype.ts';
import { EVENTS, DEAD, type JobMessage, type DataMessage, type ReplyMessage, type Port } from './fit-protocol.ts';

/** X as it travels: a Tensor as its data, shape and dtype; anything else as itself. */
export interface PackedTensor {
  packedTensor: true;
  data: ArrayLike<number>;
  shape: number[];
  dtype: DType;
}

function unpack(x: unknown): unknown {
  if (typeof x === 'object' && x !== null && (x as PackedTensor).packedTensor === true) {
    const p = x as PackedTensor;
    return tensor(p.data as never, { shape: p.shape, dtype: p.dtype });
  }
  return x;
}

interface WorkerData {
  ctl: SharedArrayBuffer;
  id: number;
  port: Port;
}

type NodeProcess = { on(event: 'exit', f: (code: number) => void): void };

/** Serves fit jobs on `data.port` until the worker ends; answers { ready: true } first. */
export function serveFitJobs(data: WorkerData): void {
  const ctl = new Int32Array(data.ctl);
  const signal = (): void => {
    Atomics.add(ctl, EVENTS, 1);
    Atomics.notify(ctl, EVENTS);
  };
  const send = (m: ReplyMessage): void => {
    data.port.postMessage(m);
    signal();
  };
  // A worker that ends in a fit (process.exit, an uncaught error) says so to a main thread blocked in Atomics.wait.
  (globalThis as { process?: NodeProcess }).process?.on('exit', () => {
    Atomics.store(ctl, DEAD + data.id, 1);
    signal();
  });
  let X: unknown = null,
    y: unknown = null,
    folds: Fold[] = [];
  let queue: Promise<void> = Promise.resolve();
  data.port.on('message', (m: unknown) => {
    queue = queue.then(async () => {
      const msg = m as DataMessage | JobMessage;
      if (msg.type === 'data') {
        X = unpack(msg.X);
        y = msg.y;
        folds = msg.folds;
        return;
      }
      for (const url of msg.modules) await import(/* webpackIgnore: true */ /* @vite-ignore */ url);
      send(runJob(msg, X, y, folds));
    });
  });
  send({ ready: true });
}

function runJob(msg: JobMessage, X: unknown, y: unknown, folds: Fold[]): ReplyMessage {
  const warnings: [WarningCategory, string][] = [];
  const prev = setWarningHandler((c, m) => warnings.push([c, m]));
  try {
    const est = estimatorFromJSON(msg.json);
    const scorer = resolveMultiScoring(msg.scoring) ?? resolveScoring(msg.scoring as Scoring);
    const r = fitAndScore(est, X, y, jobFold(folds, msg), null, scorer, msg.options);
    const { estimator, ...rest } = r;
    const fitted = msg.options.returnEstimator ? (JSON.parse(JSON.stringify(estimator)) as unknown) : null;
    return { job: msg.job, result: rest, fitted, warnings };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    return { job: msg.job, error: { name: err.name, message: err.message, code: (err as { code?: string }).code } };
  } finally {
    setWarningHandler(prev);
  }
}
