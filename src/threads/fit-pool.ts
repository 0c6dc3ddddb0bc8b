// nJobs on Node: a pool of fit workers (worker_threads, each loading the library from this package's
// own files) that run the fits of a search, crossValidate or a curve, one job per idle worker. A synchronous fit
// blocks in Atomics.wait (any Node thread may) and reads replies with receiveMessageOnPort; fitAsync
// waits without blocking.
// Workers are unref'd (an idle pool never keeps a process alive); one that dies is a ThreadError and
// the pool is stopped (the next batch starts fresh workers). Loaded by import() from index.ts only; the
// library's helpers come in `deps` (fit-plan.ts), so this chunk imports nothing of the root import.
import type { FitJobBatch, FitJobResult, FitJobRunner } from '../estimators/model-selection/parallel-fits.ts';
import type { FitResult } from '../estimators/model-selection/fit-and-score.ts';
import type { AsyncFitOptions, BatchCall } from '../estimators/utils/fit-driver.ts';
import { DEAD, EVENTS, fitWorkerSource, type JobMessage, type ReplyMessage } from './fit-protocol.ts';
import { makePlan, packX, type FitDeps, type Plan } from './fit-plan.ts';

// Hidden from bundlers, which would otherwise try to resolve Node built-ins for the browser.
const NODE_WORKERS = 'node:worker_threads';

interface NodePort {
  postMessage(m: unknown): void;
  unref(): void;
  close(): void;
}
interface NodeWorker {
  unref(): void;
  terminate(): unknown;
  on(event: 'error' | 'exit', f: (x: unknown) => void): void;
}
interface WorkerThreads {
  Worker: new (url: object, options: { workerData: unknown; transferList: unknown[] }) => NodeWorker;
  MessageChannel: new () => { port1: NodePort; port2: NodePort };
  receiveMessageOnPort(port: NodePort): { message: unknown } | undefined;
}

interface FitWorker {
  worker: NodeWorker;
  port: NodePort;
  ready: boolean;
  busy: boolean;
}

/** Options of the fit workers (from useThreads). */
export interface FitPoolOptions {
  /** Modules each fit worker imports before the library (a TypeScript loader's registration, ...). */
  workerImports?: readonly string[];
}

type URLClass = new (href: string, base?: string) => { href: string };
const g = globalThis as {
  process?: { versions?: { node?: string } };
  setTimeout?: (f: () => void, ms: number) => void;
  URL?: URLClass;
};

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * The fits' runner for `threads` workers; where there are none (not Node, a library the workers cannot
 * load), one that says why at each nJobs and fits nothing on workers.
 */
export async function startFitRunner(
  threads: number,
  options: FitPoolOptions,
  deps: FitDeps,
): Promise<FitJobRunner & { stop(): void }> {
  let why = 'parallel fits need Node worker_threads';
  if (typeof g.process?.versions?.node === 'string') {
    try {
      const wt = (await import(/* webpackIgnore: true */ /* @vite-ignore */ NODE_WORKERS)) as WorkerThreads;
      const pool = new FitPool(wt, threads, options, deps);
      const failed = await pool.probe();
      if (failed === null) return pool;
      why = failed;
    } catch (e) {
      why = `worker_threads cannot load: ${message(e)}`;
    }
  }
  return {
    plan: (nJobs, batch) => {
      deps.warn('UserWarning', `${batch.owner}: nJobs=${nJobs}: the fits run one after another: ${why}.`);
      return null;
    },
    stop: () => undefined,
  };
}

/** The workers nJobs asks for: n, or threads + 1 + n for a negative n (scikit-learn's rule), at most `threads`. */
export function resolveNJobs(nJobs: number, threads: number): number {
  return Math.max(1, Math.min(threads, nJobs < 0 ? threads + 1 + nJobs : nJobs));
}

type Done = (job: number, r: FitJobResult) => void;

class FitPool implements FitJobRunner {
  private workers: FitWorker[] = [];
  private ctl: Int32Array = new Int32Array(new SharedArrayBuffer(4 * (1 + DEAD)));
  private readonly source: object;
  private readonly jobModule: string;

  constructor(
    private readonly wt: WorkerThreads,
    readonly threads: number,
    private readonly options: FitPoolOptions,
    private readonly deps: FitDeps,
  ) {
    const U = g.URL as URLClass;
    this.source = new U(`data:text/javascript,${encodeURIComponent(fitWorkerSource())}`);
    // The worker loads this package's own fit-job module: .ts from source (a loader in workerImports), else .js.
    const self = (import.meta as { url?: string }).url ?? '';
    this.jobModule = new U(`./fit-job${self.endsWith('.ts') ? '.ts' : '.js'}`, self).href;
  }

  /** Starts the first worker now, so a library the workers cannot load is known (and said) before any fit. */
  async probe(): Promise<string | null> {
    this.spawn(1);
    const w = this.workers[0] as FitWorker;
    for (let waited = 0; waited < 60000; waited += 10) {
      const m = this.wt.receiveMessageOnPort(w.port);
      if (m !== undefined) {
        const reply = m.message as ReplyMessage;
        if ('ready' in reply) {
          w.ready = true;
          return null;
        }
        this.stop();
        return `the fit workers cannot load the library: ${'failed' in reply ? reply.failed : 'no answer'}`;
      }
      if (Atomics.load(this.ctl, DEAD) === 1) break;
      await new Promise<void>((resolve) => g.setTimeout?.(resolve, 10));
    }
    this.stop();
    return 'the fit workers did not start';
  }

  plan(nJobs: number, batch: FitJobBatch, take: (job: number, r: FitResult) => void): BatchCall | null {
    const workers = Math.min(resolveNJobs(nJobs, this.threads), batch.jobs.length);
    if (workers < 2) return null;
    const plan = makePlan(batch, this.deps);
    if (typeof plan === 'string') {
      this.deps.warn('UserWarning', `${batch.owner}: nJobs=${nJobs}: the fits run one after another: ${plan}.`);
      return null;
    }
    // Results come in any order; they are taken (and their warnings replayed) in job order.
    const pending = new Map<number, FitJobResult>();
    let next = 0;
    const done: Done = (job, res) => {
      pending.set(job, res);
      for (let p = pending.get(next); p !== undefined; p = pending.get(next)) {
        pending.delete(next);
        for (const [category, text] of p.warnings) this.deps.warn(category, text);
        take(next++, p.result);
      }
    };
    return {
      batch: true,
      runSync: () => this.runSync(batch, workers, plan, done),
      runAsync: (async) => this.runAsync(batch, workers, plan, done, async),
    };
  }

  stop(): void {
    for (const w of this.workers) {
      void w.worker.terminate();
      w.port.close();
    }
    this.workers = [];
  }

  private runSync(batch: FitJobBatch, workers: number, plan: Plan, done: Done): void {
    try {
      const run = this.start(batch, workers, plan, done);
      while (!run.step()) Atomics.wait(this.ctl, EVENTS, run.seen, 1000);
    } catch (e) {
      this.stop(); // jobs in flight would answer the next batch
      throw e;
    }
  }

  private async runAsync(batch: FitJobBatch, workers: number, plan: Plan, done: Done, async: AsyncFitOptions) {
    const waitAsync = (Atomics as { waitAsync?: unknown }).waitAsync as
      ((a: Int32Array, i: number, v: number, t: number) => { value: Promise<string> | string }) | undefined;
    try {
      const run = this.start(batch, workers, plan, done);
      while (!run.step()) {
        if (async.signal?.aborted) throw this.deps.abortError();
        // waitAsync wakes at once on a reply but keeps no Node process alive: a timer does.
        const r = waitAsync?.(this.ctl, EVENTS, run.seen, 50);
        const tick = new Promise<void>((resolve) => g.setTimeout?.(resolve, r === undefined ? 5 : 50));
        await (r !== undefined && typeof r.value !== 'string' ? Promise.race([r.value, tick]) : tick);
      }
    } catch (e) {
      this.stop();
      throw e;
    }
  }

  /** Sends the data and the first jobs; `step` takes the replies so far and says whether all jobs are done. */
  private start(batch: FitJobBatch, n: number, plan: Plan, done: Done): { seen: number; step(): boolean } {
    this.spawn(n);
    const workers = this.workers.slice(0, n);
    const data = { type: 'data', X: packX(batch.X, this.deps), y: batch.y, folds: batch.folds };
    for (const w of workers) w.port.postMessage(data);
    const owner = new Map<FitWorker, number>();
    let next = 0,
      finished = 0;
    const total = batch.jobs.length;
    const dispatch = (): void => {
      for (const w of workers) {
        if (!w.ready || w.busy || next >= total) continue;
        const job = batch.jobs[next] as FitJobBatch['jobs'][number];
        const msg: JobMessage = {
          type: 'job',
          job: next,
          json: plan.json[next],
          modules: plan.modules,
          fold: job.fold,
          trainSize: job.trainSize,
          scoring: batch.scoring,
          options: batch.options,
        };
        w.busy = true;
        owner.set(w, next++);
        w.port.postMessage(msg);
      }
    };
    const receive = (w: FitWorker, id: number): void => {
      for (let m = this.wt.receiveMessageOnPort(w.port); m !== undefined; m = this.wt.receiveMessageOnPort(w.port)) {
        const reply = m.message as ReplyMessage;
        if ('ready' in reply) w.ready = true;
        else if ('failed' in reply)
          throw new this.deps.ThreadError(`scikeras-ts/threads: a fit worker could not start: ${reply.failed}`);
        else {
          w.busy = false;
          finished++;
          if ('error' in reply) throw this.rebuildError(reply.error);
          const params = batch.jobs[reply.job]?.params ?? null;
          const estimator = this.estimatorOf(batch, params, reply.fitted);
          done(reply.job, { result: { ...reply.result, estimator }, warnings: reply.warnings });
        }
      }
      if (Atomics.load(this.ctl, DEAD + id) === 1)
        throw new this.deps.ThreadError(
          `scikeras-ts/threads: a fit worker ended during ${batch.owner}'s fits` +
            `${owner.has(w) ? ` (job ${String(owner.get(w))})` : ''}; the fit workers are stopped`,
        );
    };
    const run = {
      seen: 0,
      step: (): boolean => {
        run.seen = Atomics.load(this.ctl, EVENTS);
        workers.forEach(receive);
        dispatch();
        return finished === total;
      },
    };
    return run;
  }

  /** The fitted estimator a worker sent back (returnEstimator), else the unfitted clone it started from. */
  private estimatorOf(batch: FitJobBatch, params: Record<string, unknown> | null, fitted: unknown) {
    if (fitted !== null && fitted !== undefined) return this.deps.estimatorFromJSON(fitted);
    const est = this.deps.clone(batch.base);
    if (params !== null) est.setParams(params);
    return est;
  }

  /** Starts workers up to n (the ones already running are kept). */
  private spawn(n: number): void {
    if (this.workers.length >= n) return;
    if (this.workers.length === 0) this.ctl = new Int32Array(new SharedArrayBuffer(4 * (1 + DEAD + this.threads)));
    for (let id = this.workers.length; id < n; id++) {
      const { port1, port2 } = new this.wt.MessageChannel();
      const worker = new this.wt.Worker(this.source, {
        workerData: {
          ctl: this.ctl.buffer,
          id,
          port: port2,
          imports: this.options.workerImports ?? [],
          jobModule: this.jobModule,
        },
        transferList: [port2],
      });
      worker.unref(); // an idle pool never keeps the process alive
      port1.unref();
      const ctl = this.ctl;
      const dead = (): void => {
        Atomics.store(ctl, DEAD + id, 1);
        Atomics.add(ctl, EVENTS, 1);
      };
      worker.on('error', dead);
      worker.on('exit', dead);
      this.workers.push({ worker, port: port1, ready: false, busy: false });
    }
  }

  /** The error a worker's fit threw (errorScore 'raise'), as this package's class where it has one. */
  private rebuildError(e: { name: string; message: string; code: string | undefined }): Error {
    const err = e.name === 'ValueError' ? new this.deps.ValueError(e.message, e.code) : new Error(e.message);
    if (err.name !== e.name) err.name = e.name;
    return err;
  }
}
