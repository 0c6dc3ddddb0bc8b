// Public surface of scikeras-ts/threads (opt-in): useThreads / useSingleThread. The pool itself
// (pool.ts: workers, shared memory, Atomics) and the fit workers of nJobs (fit-pool.ts) load with
// import() at the first useThreads, so the root bundle carries only these few lines.

import { ThreadError, ValueError, describe } from '../core/errors.ts';
import { abortError } from '../core/async.ts';
import { warn } from '../core/warnings.ts';
import { setCpuProvider } from '../tensor/backend.ts';
import { wasmProvider } from '../tensor/wasm/runtime.ts';
import type { ThreadsOptions } from './pool.ts';
import { setFitJobRunner } from '../estimators/model-selection/parallel-fits.ts';
import { clone, estimatorFromJSON, workerModuleOf } from '../estimators/base.ts';
import { Tensor } from '../tensor/tensor.ts';

export type { ThreadsOptions } from './pool.ts';

/** What `useThreads` resolved to: the threads products now run on, and why only one when so. */
export interface ThreadsResult {
  threads: number;
  reason?: string;
}

let stopPool: (() => void) | null = null;
let stopFits: (() => void) | null = null;

/**
 * Splits large matrix products (training and prediction) across a pool of workers sharing one
 * WebAssembly memory, with the bits of one thread. Resolves `{ threads: 1, reason }`, never
 * rejects, where threads cannot run: no SharedArrayBuffer (a page without cross-origin isolation),
 * no workers (QuickJS, workerd), no shared WebAssembly memory. Node's workers are unref'd: an idle
 * pool never keeps a process alive. A worker that crashes makes the product it was in (or the next
 * one) throw a ThreadError, then products run on one thread again. With the pool, `nJobs` of the searches,
 * crossValidate and the learning and validation curves fits on workers of its own (Node; `workerImports`:
 * modules they import first).
 *
 * @example
 * const { threads, reason } = await useThreads({ threads: 2 });
 * backendInfo().threads; // 2
 * useSingleThread();     // stops the workers
 */
export function useThreads(options: ThreadsOptions = {}): Promise<ThreadsResult> {
  const n = options.threads;
  if (n !== undefined && !(Number.isInteger(n) && n >= 1)) {
    return Promise.reject(new ValueError(`useThreads: threads must be an integer >= 1. Got ${describe(n)} instead.`));
  }
  // One start at a time: a second call waits for the first, then replaces its pool.
  const next = queue.then(() => start(options));
  queue = next.then(
    () => undefined,
    () => undefined,
  );
  return next;
}

let queue: Promise<void> = Promise.resolve();

async function start(options: ThreadsOptions): Promise<ThreadsResult> {
  const n = options.threads;
  useSingleThread();
  if (n === 1) return { threads: 1 };
  let started;
  try {
    const { startPool } = await import('./pool.ts');
    started = await startPool(options, () => {
      if (stopPool === stop) useSingleThread();
    });
  } catch (e) {
    return { threads: 1, reason: `threads could not start: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (typeof started === 'string') return { threads: 1, reason: started };
  const { backend } = started;
  const stop = started.stop;
  stopPool = stop;
  setCpuProvider({ detect: () => backend });
  // nJobs: the fits of searches, crossValidate and the curves on workers of their own (fit-pool.ts, a lazy chunk).
  const deps = { clone, estimatorFromJSON, workerModuleOf, Tensor, warn, ThreadError, ValueError, abortError };
  const fits = await (await import('./fit-pool.ts')).startFitRunner(started.threads, options, deps);
  if (stopPool !== stop) fits.stop();
  else {
    setFitJobRunner(fits);
    stopFits = () => {
      setFitJobRunner(null);
      fits.stop();
    };
  }
  return { threads: started.threads };
}

/** Stops the pool, if any, and returns products to one thread (WASM SIMD where it runs). */
export function useSingleThread(): void {
  const stopF = stopFits;
  stopFits = null;
  stopF?.();
  const stop = stopPool;
  stopPool = null;
  if (stop !== null) {
    stop();
    setCpuProvider(wasmProvider);
  }
}
