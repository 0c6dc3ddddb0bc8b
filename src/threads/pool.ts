// The thread pool behind scikeras-ts/threads: workers (Node worker_threads, or a Web Worker from a Blob
// URL), one shared WebAssembly memory, and the ParallelGemm that splits large products into row or
// column panels. The only file that loads a Node built-in, and only through import().

import { ThreadError } from '../core/errors.ts';
import type { MatmulBackend } from '../tensor/backend.ts';
import { DEFAULT_BLOCKING, DEFAULT_BLOCKING_F64, DEFAULT_BLOCKING_FMA, buildGemmModule } from '../tensor/wasm/gemm.ts';
import type { ParallelGemm, TilesCall, TilesExport } from '../tensor/wasm/kernel.ts';
import { compileWasmGemm, relaxedSimd, wasmBackendOf } from '../tensor/wasm/runtime.ts';
import { wasmApi, type WasmMemory, type WasmModule } from '../tensor/wasm/wasm-api.ts';
import {
  CONTROL_INTS,
  DONE,
  ERROR,
  GEN,
  JOBS,
  JOB_INTS,
  MAX_JOBS,
  MAX_THREADS,
  NEXT,
  QUIT,
  SCRATCH,
  SKIP,
  claimJobs,
  claimWord,
  errorText,
  workerSource,
} from './protocol.ts';

/** Options of `useThreads`. */
export interface ThreadsOptions {
  /** Threads in all, this one included (default: the logical cores, at most 8). */
  threads?: number;
  /** Relaxed-SIMD multiply-add in the float32 kernels (default: where the engine has it). */
  fma?: boolean;
  /** Smallest m * k * n split across threads (default `THREADS_MIN_WORK`). */
  minWork?: number;
  /** A worker that finishes no panel for this long is taken for dead: the product throws (default 30000). */
  timeoutMs?: number;
  /**
   * Module URLs each fit worker (nJobs) imports before the library: a TypeScript loader's registration
   * when the library runs from its .ts sources, or setup of your own.
   */
  workerImports?: readonly string[];
}

/**
 * Smallest m * k * n split across threads by default. Waking a worker and packing its own panels
 * costs tens of microseconds, and a worker the OS has not scheduled holds its panel longer. Measured
 * with bench/threads.ts on the shared 2-core machine (1-minute load 5-10 from other jobs, so the
 * worst case): 2 threads lost below 300K multiply-adds (0.2-0.7x), broke even around 1M (200x64x100:
 * 0.9-1.1x) and gained from 30M up (W3's layers, 256x512x256 to 256x784x512: 1.1-1.8x).
 */
export const THREADS_MIN_WORK = 1 << 21;

/** A started pool, as `useThreads` installs it. */
export interface Started {
  threads: number;
  backend: MatmulBackend;
  stop(): void;
}

interface Spawned {
  post(message: unknown): void;
  terminate(): void;
  /** Resolves with the worker's first message ('ready' or 'failed: ...'). */
  first: Promise<string>;
}

type Spawn = (id: number, onDeath: (why: string) => void) => Spawned;

// Hidden from bundlers, which would otherwise try to resolve Node built-ins for the browser.
const NODE_WORKERS = 'node:worker_threads';
const NODE_OS = 'node:os';

const g = globalThis as {
  SharedArrayBuffer?: unknown;
  crossOriginIsolated?: boolean;
  Worker?: new (url: string, options?: { type?: string }) => WebWorker;
  Blob?: new (parts: string[], options: { type: string }) => object;
  URL?: { new (href: string): object; createObjectURL(blob: object): string };
  setTimeout?: (f: () => void, ms: number) => unknown;
  clearTimeout?: (id: unknown) => void;
  navigator?: { hardwareConcurrency?: number };
  process?: { versions?: { node?: string } };
};

interface WebWorker {
  postMessage(m: unknown): void;
  terminate(): void;
  onmessage: ((e: { data: unknown }) => void) | null;
  onerror: ((e: { message?: string }) => void) | null;
}

interface NodeWorker {
  postMessage(m: unknown): void;
  terminate(): unknown;
  unref(): void;
  once(event: 'message', f: (m: unknown) => void): void;
  on(event: 'error' | 'exit', f: (x: unknown) => void): void;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Whether this thread may block in Atomics.wait (not a browser page's main thread). */
function canBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

async function spawner(): Promise<{ spawn: Spawn; cores: number } | string> {
  if (typeof g.process?.versions?.node === 'string' && g.Worker === undefined) {
    let wt: { Worker: new (url: object) => NodeWorker };
    try {
      wt = (await import(/* webpackIgnore: true */ /* @vite-ignore */ NODE_WORKERS)) as typeof wt;
    } catch (e) {
      return `worker_threads cannot load: ${message(e)}`;
    }
    let cores = g.navigator?.hardwareConcurrency ?? 0;
    if (cores === 0) {
      const os = (await import(/* webpackIgnore: true */ /* @vite-ignore */ NODE_OS)) as {
        availableParallelism?: () => number;
        cpus(): unknown[];
      };
      cores = os.availableParallelism?.() ?? os.cpus().length;
    }
    const url = new (g.URL as NonNullable<typeof g.URL>)(
      `data:text/javascript,${encodeURIComponent(workerSource(true))}`,
    );
    return {
      cores,
      spawn: (_id, onDeath) => {
        const w = new wt.Worker(url);
        w.unref(); // an idle pool never keeps the process alive
        const first = new Promise<string>((resolve) => {
          w.once('message', (m) => resolve(String(m)));
          w.on('error', (e) => {
            resolve(`failed: ${message(e)}`);
            onDeath(`worker error: ${message(e)}`);
          });
          w.on('exit', (code) => {
            resolve(`failed: exited with code ${String(code)}`);
            onDeath(`worker exited with code ${String(code)}`);
          });
        });
        return { post: (m) => w.postMessage(m), terminate: () => void w.terminate(), first };
      },
    };
  }
  const W = g.Worker;
  if (W === undefined || g.Blob === undefined || g.URL?.createObjectURL === undefined)
    return 'this runtime has no Worker';
  const blob = new g.Blob([workerSource(false)], { type: 'text/javascript' });
  const url = g.URL.createObjectURL(blob);
  return {
    cores: g.navigator?.hardwareConcurrency ?? 2,
    spawn: (_id, onDeath) => {
      const w = new W(url, { type: 'module' });
      const first = new Promise<string>((resolve) => {
        w.onmessage = (e) => {
          w.onmessage = null;
          resolve(String(e.data));
        };
        w.onerror = (e) => {
          resolve(`failed: ${e.message ?? 'worker error'}`);
          onDeath(`worker error: ${e.message ?? 'unknown'}`);
        };
      });
      return { post: (m) => w.postMessage(m), terminate: () => w.terminate(), first };
    },
  };
}

// A shared memory as large as the runtime grants (address space is reserved, not used).
function sharedMemory(api: NonNullable<ReturnType<typeof wasmApi>>): WasmMemory | string {
  let last = '';
  for (const maximum of [32767, 16384, 4096]) {
    try {
      return new api.Memory({ initial: 1, maximum, shared: true });
    } catch (e) {
      last = message(e);
    }
  }
  return `shared WebAssembly memory is unavailable: ${last}`;
}

/**
 * Starts `threads - 1` workers on one shared memory and returns the backend that splits large
 * products across them and this thread, or the reason it cannot (never throws for the environment).
 * `onFail` runs once when a worker dies or fails a panel (the pool is then stopped).
 */
export async function startPool(options: ThreadsOptions, onFail: (why: string) => void): Promise<Started | string> {
  if (typeof g.SharedArrayBuffer !== 'function')
    return 'SharedArrayBuffer is unavailable (a browser page needs cross-origin isolation: COOP and COEP headers)';
  if (g.crossOriginIsolated === false)
    return 'this page is not cross-origin isolated (COOP and COEP headers), so it cannot share memory with workers';
  const api = wasmApi();
  if (api === undefined) return 'WebAssembly is not available in this runtime';
  const sp = await spawner();
  if (typeof sp === 'string') return sp;
  const threads = Math.min(options.threads ?? Math.min(sp.cores, 8), MAX_THREADS);
  if (threads < 2) return 'one thread asked for (or one core here)';
  const memory = sharedMemory(api);
  if (typeof memory === 'string') return memory;
  const fma = options.fma ?? relaxedSimd(api);
  let modules: [WasmModule, WasmModule];
  const blocking = fma ? DEFAULT_BLOCKING_FMA : DEFAULT_BLOCKING;
  try {
    modules = [
      new api.Module(buildGemmModule(blocking, { fma, sharedMaxPages: 65536 })),
      new api.Module(buildGemmModule(DEFAULT_BLOCKING_F64, { dtype: 'float64', sharedMaxPages: 65536 })),
    ];
  } catch (e) {
    return `WebAssembly compilation failed: ${message(e)}`;
  }
  const pool = new Pool(threads, options, onFail);
  lastControl = pool.ctl;
  // Instantiates and self-checks the float64 lane now too (eager), on this thread alone (no workers yet).
  const kernel = compileWasmGemm(blocking, {
    fma,
    modules: { f32: modules[0], f64: modules[1] },
    memory,
    parallel: pool,
    eager: true,
  });
  if (typeof kernel === 'string') return kernel;
  const workers: Spawned[] = (pool.workers = []);
  try {
    for (let id = 1; id < threads; id++) workers.push(sp.spawn(id, (why) => pool.died(why)));
    workers.forEach((w, i) => w.post({ memory, modules, control: pool.ctl.buffer, id: i + 1 }));
  } catch (e) {
    pool.stop(); // a Worker refused (a content security policy without blob: workers): stop the ones started
    return `workers cannot start here: ${message(e)}`;
  }
  let timer: unknown;
  const late = new Promise<string>((r) => (timer = g.setTimeout?.(() => r('failed: no answer in 10 s'), 10000)));
  const answers = await Promise.all(workers.map((w) => Promise.race([w.first, late])));
  g.clearTimeout?.(timer);
  const bad = answers.find((a) => a !== 'ready');
  if (bad !== undefined) {
    pool.stop();
    return `a worker could not start: ${bad.replace(/^failed: /, '')}`;
  }
  return { threads, backend: wasmBackendOf(kernel), stop: () => pool.stop() };
}

let lastControl: Int32Array | null = null;

/** The control block of the pool started last (tests set its hooks: CRASH, STALL, DIE, SKIP). */
export function lastPoolControl(): Int32Array | null {
  return lastControl;
}

/** The Atomics side of the pool: publishes jobs, takes its share, waits for the rest. */
class Pool implements ParallelGemm {
  readonly ctl = new Int32Array(new SharedArrayBuffer(CONTROL_INTS * 4));
  workers: Spawned[] = [];
  private gen = 0;
  private broken: string | null = null;
  private stopped = false;
  private readonly minWork: number;
  private readonly timeoutMs: number;
  private readonly blocking = canBlock();
  private readonly tiles: TilesExport[] = [];

  constructor(
    readonly threads: number,
    options: ThreadsOptions,
    private readonly onFail: (why: string) => void,
  ) {
    this.minWork = options.minWork ?? THREADS_MIN_WORK;
    this.timeoutMs = options.timeoutMs ?? 30000;
  }

  /** A worker died (an event between products): the next product reports it. */
  died(why: string): void {
    if (!this.stopped && this.broken === null) this.broken = why;
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    Atomics.store(this.ctl, QUIT, 1);
    Atomics.add(this.ctl, GEN, 1);
    Atomics.notify(this.ctl, GEN);
    for (const w of this.workers) w.terminate();
  }

  private fail(why: string): never {
    this.stop();
    this.onFail(why);
    throw new ThreadError(`scikeras-ts/threads: ${why}; the pool is shut down and products run on one thread`);
  }

  run(
    lane: 0 | 1,
    local: TilesExport,
    call: TilesCall,
    scratch: readonly (readonly [number, number])[],
    mr: number,
    nr: number,
  ): boolean {
    if (this.stopped || this.workers.length === 0) return false;
    if (this.broken !== null) this.fail(this.broken);
    if (call.m * call.k * call.n < this.minWork) return false;
    // Split the dimension whose panels repack less: rows repack B (k x n) per job, columns repack A (m x k).
    const byRows = call.n <= call.m;
    const unit = byRows ? mr : nr;
    const units = Math.ceil((byRows ? call.m : call.n) / unit);
    const jobs = Math.min(units, 2 * this.threads, MAX_JOBS);
    if (jobs < 2) return false;
    const ctl = this.ctl;
    const B = lane === 1 ? 8 : 4;
    for (let t = 0; t < this.threads; t++) {
      const s = scratch[t] as readonly [number, number];
      ctl[SCRATCH + 2 * t] = s[0];
      ctl[SCRATCH + 2 * t + 1] = s[1];
    }
    const dim = byRows ? call.m : call.n;
    for (let j = 0; j < jobs; j++) {
      const start = Math.floor((units * j) / jobs) * unit;
      const len = Math.min(dim, Math.floor((units * (j + 1)) / jobs) * unit) - start;
      const o = JOBS + JOB_INTS * j;
      ctl[o] = lane;
      ctl[o + 1] = byRows ? call.a + start * call.aRow * B : call.a;
      ctl[o + 2] = byRows ? call.b : call.b + start * call.bCol * B;
      ctl[o + 3] = call.c + (byRows ? start * call.ldc : start) * B;
      ctl[o + 4] = byRows ? len : call.m;
      ctl[o + 5] = call.k;
      ctl[o + 6] = byRows ? call.n : len;
      ctl[o + 7] = call.aRow;
      ctl[o + 8] = call.aCol;
      ctl[o + 9] = call.bRow;
      ctl[o + 10] = call.bCol;
      ctl[o + 11] = call.ldc;
    }
    const gen = ++this.gen;
    Atomics.store(ctl, DONE, 0);
    Atomics.store(ctl, NEXT, claimWord(gen, jobs));
    Atomics.store(ctl, GEN, gen);
    Atomics.notify(ctl, GEN);
    this.tiles[lane] = local;
    if (ctl[SKIP] !== 1) claimJobs(ctl, gen, 0, this.tiles);
    this.await(jobs);
    const failed = Atomics.load(ctl, ERROR);
    if (failed !== 0)
      this.fail(`${failed === 1 ? 'this thread' : `worker ${failed - 1}`} failed a panel: ${errorText(ctl)}`);
    return true;
  }

  // Waits for the jobs the workers claimed: Atomics.wait where this thread may block, else a spin.
  private await(jobs: number): void {
    const ctl = this.ctl;
    let done = Atomics.load(ctl, DONE);
    let since = Date.now();
    let spins = 0;
    while (done < jobs) {
      if (this.blocking) Atomics.wait(ctl, DONE, done, 50);
      else if (++spins % 4096 !== 0) {
        done = Atomics.load(ctl, DONE);
        continue;
      }
      const now = Atomics.load(ctl, DONE);
      if (now !== done) {
        done = now;
        since = Date.now();
      } else if (Date.now() - since > this.timeoutMs) {
        this.fail(`a worker finished no panel for ${this.timeoutMs} ms (crashed or stuck)`);
      }
    }
  }
}
