// nJobs on Node: a pool of fit workers (worker_threads, each loading the library from this package's
// own files) that run the fits of a search or crossValidate, one job per idle worker. A synchronous fit
// blocks in Atomics.wait and reads replies with receiveMessageOnPort; fitAsync waits without blocking.
// Workers are unref'd (an idle pool never keeps a process alive); one that dies is a ThreadError and
// the pool is stopped (the next batch starts fresh workers). Loaded by import() from index.ts only.
import { ThreadError, ValueError } from '../core/errors.ts';
import { abortError } from '../core/async.ts';
import { clone, estimatorFromJSON, workerModuleOf, type StepEstimator } from '../estimators/base.ts';
import type { FitJobBatch, FitJobResult, FitJobRunner } from '../estimators/model-selection/parallel-fits.ts';
import type { AsyncFitOptions } from '../estimators/utils/fit-driver.ts';
import { Tensor } from '../tensor/tensor.ts';
import { DEAD, EVENTS, fitWorkerSource, type JobMessage, type ReplyMessage } from './fit-protocol.ts';
import type { PackedTensor } from './fit-job.ts';

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

/** Whether this thread may block in Atomics.wait (not a browser page's main thread). */
function canBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The fits' runner for `threads` workers, or why there is none here (only Node's workers for now). */
export async function startFitRunner(
  threads: number,
  options: FitPoolOptions,
): Promise<(FitJobRunner & { stop(): void }) | string> {
  if (typeof g.process?.versions?.node !== 'string') return 'parallel fits need Node worker_threads';
  let wt: WorkerThreads;
  try {
    wt = (await import(/* webpackIgnore: true */ /* @vite-ignore */ NODE_WORKERS)) as WorkerThreads;
  } catch (e) {
    return `worker_threads cannot load: ${message(e)}`;
  }
  const pool = new FitPool(wt, threads, options);
  const failed = await pool.probe();
  return failed === null ? pool : failed;
}

interface Plan {
  json: unknown[];
  modules: string[];
}

class FitPool implements FitJobRunner {
  private workers: FitWorker[] = [];
  private ctl: Int32Array = new Int32Array(new SharedArrayBuffer(4 * (1 + DEAD)));
  private readonly plans = new WeakMap<FitJobBatch, Plan | string>();
  private readonly blocking = canBlock();
  private readonly source: object;
  private readonly jobModule: string;

  constructor(
    private readonly wt: WorkerThreads,
    readonly threads: number,
    private readonly options: FitPoolOptions,
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

  refuse(batch: FitJobBatch, sync: boolean): string | null {
    if (sync && !this.blocking) return 'this thread cannot block (a page): use fitAsync';
    const plan = this.plan(batch);
    return typeof plan === 'string' ? plan : null;
  }

  private plan(batch: FitJobBatch): Plan | string {
    const known = this.plans.get(batch);
    if (known !== undefined) return known;
    const plan = makePlan(batch);
    this.plans.set(batch, plan);
    return plan;
  }

  stop(): void {
    for (const w of this.workers) {
      void w.worker.terminate();
      w.port.close();
    }
    this.workers = [];
  }

  runSync(batch: FitJobBatch, done: (job: number, r: FitJobResult) => void): void {
    const run = this.start(batch, done);
    try {
      while (!run.step()) Atomics.wait(this.ctl, EVENTS, run.seen, 1000);
    } catch (e) {
      this.stop(); // jobs in flight would answer the next batch
      throw e;
    }
  }

  async runAsync(batch: FitJobBatch, done: (job: number, r: FitJobResult) => void, async: AsyncFitOptions) {
    const run = this.start(batch, done);
    try {
      while (!run.step()) {
        if (async.signal?.aborted) throw abortError();
        const w = (Atomics as { waitAsync?: typeof Atomics.wait }).waitAsync as
          ((a: Int32Array, i: number, v: number, t: number) => { value: Promise<string> | string }) | undefined;
        // waitAsync wakes at once on a reply but keeps no Node process alive: a timer does.
        const r = w?.(this.ctl, EVENTS, run.seen, 50);
        const tick = new Promise<void>((resolve) => g.setTimeout?.(resolve, r === undefined ? 5 : 50));
        await (r !== undefined && typeof r.value !== 'string' ? Promise.race([r.value, tick]) : tick);
      }
    } catch (e) {
      this.stop();
      throw e;
    }
  }

  /** Sends the data and the first jobs; `step` takes the replies so far and says whether all jobs are done. */
  private start(batch: FitJobBatch, done: (job: number, r: FitJobResult) => void): { seen: number; step(): boolean } {
    const plan = this.plan(batch);
    if (typeof plan === 'string') throw new ValueError(`${batch.owner}: ${plan}`);
    this.spawn(batch.workers);
    const workers = this.workers.slice(0, batch.workers);
    const data = { type: 'data', X: pack(batch.X), y: batch.y, folds: batch.folds };
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
          scoring: batch.scoring,
          options: batch.options,
        };
        w.busy = true;
        owner.set(w, next++);
        w.port.postMessage(msg);
      }
    };
    const run = {
      seen: 0,
      step: (): boolean => {
        run.seen = Atomics.load(this.ctl, EVENTS);
        workers.forEach((w, id) => {
          for (
            let m = this.wt.receiveMessageOnPort(w.port);
            m !== undefined;
            m = this.wt.receiveMessageOnPort(w.port)
          ) {
            const reply = m.message as ReplyMessage;
            if ('ready' in reply) w.ready = true;
            else if ('failed' in reply)
              throw new ThreadError(`scikeras-ts/threads: a fit worker could not start: ${reply.failed}`);
            else {
              w.busy = false;
              finished++;
              if ('error' in reply) throw rebuildError(reply.error);
              const base = batch.jobs[reply.job]?.params;
              done(reply.job, {
                result: { ...reply.result, estimator: estimatorOf(batch.base, base ?? null, reply.fitted) },
                warnings: reply.warnings,
              });
            }
          }
          if (Atomics.load(this.ctl, DEAD + id) === 1)
            throw new ThreadError(
              `scikeras-ts/threads: a fit worker ended during ${batch.owner}'s fits` +
                `${owner.has(w) ? ` (job ${String(owner.get(w))})` : ''}; the fit workers are stopped`,
            );
        });
        dispatch();
        return finished === total;
      },
    };
    return run;
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
}

/** Each job's estimator JSON (parameters set), or why one cannot travel to a worker. */
function makePlan(batch: FitJobBatch): Plan | string {
  const why = plainReason(batch.y, 'y') ?? plainReason(batch.options.fitParams, 'a fit argument');
  if (why !== null) return why;
  if (!(batch.X instanceof Tensor)) {
    const x = plainReason(batch.X, 'X');
    if (x !== null) return x;
  }
  if (plainReason(batch.scoring, 'scoring') !== null)
    return 'a scoring function cannot travel to a worker (give a scoring name)';
  const modules = new Set<string>();
  const byParams = new Map<unknown, unknown>();
  const json: unknown[] = [];
  for (const job of batch.jobs) {
    let j = byParams.get(job.params);
    if (j === undefined) {
      let est: StepEstimator;
      try {
        est = clone(batch.base);
        if (job.params !== null) est.setParams(job.params);
        j = JSON.parse(JSON.stringify(est)) as unknown;
      } catch (e) {
        return `the estimator cannot be sent to a worker as JSON: ${message(e)}`;
      }
      const bad = travelReason(j, modules);
      if (bad !== null) return bad;
      byParams.set(job.params, j);
    }
    json.push(j);
  }
  return { json, modules: [...modules] };
}

/** Why an estimator's JSON cannot be restored in a worker (a parameter left out, a class it cannot import). */
function travelReason(j: unknown, modules: Set<string>): string | null {
  if (Array.isArray(j)) {
    for (const x of j) {
      const r = travelReason(x, modules);
      if (r !== null) return r;
    }
    return null;
  }
  if (typeof j !== 'object' || j === null) return null;
  const o = j as Record<string, unknown>;
  if (typeof o.className === 'string' && typeof o.format === 'string') {
    const omitted = o.omittedParams;
    if (Array.isArray(omitted) && omitted.length > 0)
      return (
        `${o.className}'s ${omitted.map((p) => `'${String(p)}'`).join(', ')} cannot travel to a worker as JSON ` +
        '(a function, such as a build function closure, or a non-finite number)'
      );
    const where = workerModuleOf(o.className);
    if (where === null)
      return (
        `${o.className} is not a built-in estimator and was registered without a workerModule: ` +
        `registerEstimator(${o.className}, '${o.className}', { workerModule: import.meta.url })`
      );
    if (where !== 'built-in') modules.add(where);
  }
  for (const v of Object.values(o)) {
    const r = travelReason(v, modules);
    if (r !== null) return r;
  }
  return null;
}

/** Why a value cannot be copied to a worker as it is (structured clone keeps only plain data). */
function plainReason(v: unknown, what: string, depth = 0): string | null {
  if (v === null || v === undefined || typeof v !== 'object') {
    return typeof v === 'function' || typeof v === 'symbol'
      ? `${what} holds a ${typeof v}, which cannot travel to a worker`
      : null;
  }
  if (ArrayBuffer.isView(v) || depth > 64) return null;
  const proto = Object.getPrototypeOf(v) as unknown;
  if (!Array.isArray(v) && proto !== Object.prototype && proto !== null)
    return `${what} holds a ${(v as object).constructor?.name ?? 'class instance'}, which cannot travel to a worker`;
  for (const x of Object.values(v as object)) {
    const r = plainReason(x, what, depth + 1);
    if (r !== null) return r;
  }
  return null;
}

function pack(X: unknown): unknown {
  if (!(X instanceof Tensor)) return X;
  const p: PackedTensor = { packedTensor: true, data: X.data, shape: [...X.shape], dtype: X.dtype };
  return p;
}

function estimatorOf(base: StepEstimator, params: Record<string, unknown> | null, fitted: unknown): StepEstimator {
  if (fitted !== null && fitted !== undefined) return estimatorFromJSON(fitted);
  const est = clone(base);
  if (params !== null) est.setParams(params);
  return est;
}

/** The error a worker's fit threw (errorScore 'raise'), as this package's class where it has one. */
function rebuildError(e: { name: string; message: string; code: string | undefined }): Error {
  const err = e.name === 'ValueError' ? new ValueError(e.message, e.code) : new Error(e.message);
  if (err.name !== e.name) err.name = e.name;
  return err;
}
