// The pool's shared control block (an Int32Array over its own SharedArrayBuffer) and the source of
// the worker, as a string so no extra file needs serving. Imports nothing.

/** Generation: bumped (and notified) to wake the workers for a product, or to quit. */
export const GEN = 0;
/** Job claims: generation (8 bits) | job count (12 bits) | next job (12 bits), claimed by compareExchange. */
export const NEXT = 1;
/** Jobs finished in this generation (notified at each). */
export const DONE = 2;
/** Set to 1 to make every worker return. */
export const QUIT = 3;
/** 1 + the id of the first thread whose panel threw; its message follows at ERROR_TEXT. */
export const ERROR = 4;
/**
 * Test hooks, each 1 to act: a worker's panel throws (CRASH) or sleeps until cleared (STALL); a
 * waking worker dies outside any panel (DIE); the main thread leaves every panel to the workers (SKIP).
 */
export const CRASH = 5;
export const STALL = 6;
export const DIE = 7;
export const SKIP = 8;
export const ERROR_TEXT = 16;
export const ERROR_CHARS = 240;
/** Per thread t: [pa, pb] packing scratch at SCRATCH + 2t. */
export const SCRATCH = ERROR_TEXT + ERROR_CHARS;
/** Most threads a pool runs (main included). */
export const MAX_THREADS = 64;
/** Per job j at JOBS + JOB_INTS * j: lane (0 float32, 1 float64), a, b, c, m, k, n, aRow, aCol, bRow, bCol, ldc. */
export const JOBS = SCRATCH + 2 * MAX_THREADS;
export const JOB_INTS = 12;
/** Most jobs one product is split into (the 12-bit fields of NEXT). */
export const MAX_JOBS = 256;
export const CONTROL_INTS = JOBS + JOB_INTS * MAX_JOBS;

/** The claim word for generation `gen` with `jobs` jobs, none claimed yet. */
export const claimWord = (gen: number, jobs: number): number => ((gen & 255) << 24) | (jobs << 12) | 0;

type TilesFn = (...args: number[]) => void;

/**
 * Runs every job of the current generation it can claim on thread `id`; `tiles` holds each lane's
 * export. The workers run the same loop from `workerSource` (text, so a bundler's renaming cannot
 * break it; the thread tests run both).
 */
export function claimJobs(ctl: Int32Array, gen: number, id: number, tiles: readonly TilesFn[]): void {
  for (;;) {
    const v = Atomics.load(ctl, NEXT);
    const j = v & 4095;
    if (v >>> 24 !== (gen & 255) || j >= ((v >>> 12) & 4095)) return;
    if (Atomics.compareExchange(ctl, NEXT, v, v + 1) !== v) continue;
    const o = JOBS + JOB_INTS * j;
    const s = SCRATCH + 2 * id;
    try {
      const c = ctl as unknown as number[]; // reads of an Int32Array, typed as numbers
      (tiles[c[o] as number] as TilesFn)(
        c[o + 1] as number,
        c[o + 2] as number,
        c[o + 3] as number,
        c[o + 4] as number,
        c[o + 5] as number,
        c[o + 6] as number,
        c[o + 7] as number,
        c[o + 8] as number,
        c[o + 9] as number,
        c[o + 10] as number,
        c[s] as number,
        c[s + 1] as number,
        c[o + 11] as number,
      );
    } catch (e) {
      recordError(ctl, id, e);
    }
    Atomics.add(ctl, DONE, 1);
    Atomics.notify(ctl, DONE);
  }
}

function recordError(ctl: Int32Array, id: number, e: unknown): void {
  if (Atomics.compareExchange(ctl, ERROR, 0, id + 1) !== 0) return;
  const text = String(e instanceof Error ? `${e.name}: ${e.message}` : e).slice(0, ERROR_CHARS - 1);
  for (let i = 0; i < text.length; i++) ctl[ERROR_TEXT + i] = text.charCodeAt(i);
  ctl[ERROR_TEXT + text.length] = 0;
}

/** The message a failed panel left in the control block. */
export function errorText(ctl: Int32Array): string {
  let out = '';
  for (let i = ERROR_TEXT; i < ERROR_TEXT + ERROR_CHARS && ctl[i] !== 0; i++)
    out += String.fromCharCode(ctl[i] as number);
  return out;
}

/**
 * The worker's module source. It gets { memory, modules, control, id } in one message, instantiates
 * the GEMM modules on the shared memory, answers 'ready' (or 'failed: ...'), then sleeps on GEN and
 * claims jobs at each new generation until QUIT. `node` picks how it receives that first message.
 */
export function workerSource(node: boolean): string {
  const body = `
function start(data, post) {
  let tiles;
  try {
    tiles = data.modules.map((m) => new WebAssembly.Instance(m, { env: { memory: data.memory } }).exports.tiles);
  } catch (e) {
    post('failed: ' + (e && e.message ? e.message : String(e)));
    return;
  }
  const ctl = new Int32Array(data.control);
  const s = ${SCRATCH} + 2 * data.id;
  post('ready');
  let gen = 0;
  for (;;) {
    Atomics.wait(ctl, ${GEN}, gen);
    gen = Atomics.load(ctl, ${GEN});
    if (Atomics.load(ctl, ${QUIT}) !== 0) return;
    if (ctl[${DIE}] === 1) throw new Error('worker died on purpose (test hook)');
    for (;;) {
      const v = Atomics.load(ctl, ${NEXT});
      const j = v & 4095;
      if (v >>> 24 !== (gen & 255) || j >= ((v >>> 12) & 4095)) break;
      if (Atomics.compareExchange(ctl, ${NEXT}, v, v + 1) !== v) continue;
      const o = ${JOBS} + ${JOB_INTS} * j;
      try {
        if (ctl[${CRASH}] === 1) throw new Error('panel failed on purpose (test hook)');
        Atomics.wait(ctl, ${STALL}, 1);
        tiles[ctl[o]](ctl[o + 1], ctl[o + 2], ctl[o + 3], ctl[o + 4], ctl[o + 5], ctl[o + 6],
          ctl[o + 7], ctl[o + 8], ctl[o + 9], ctl[o + 10], ctl[s], ctl[s + 1], ctl[o + 11]);
      } catch (e) {
        if (Atomics.compareExchange(ctl, ${ERROR}, 0, data.id + 1) === 0) {
          const text = String(e && e.message ? e.name + ': ' + e.message : e).slice(0, ${ERROR_CHARS - 1});
          for (let i = 0; i < text.length; i++) ctl[${ERROR_TEXT} + i] = text.charCodeAt(i);
          ctl[${ERROR_TEXT} + text.length] = 0;
        }
      }
      Atomics.add(ctl, ${DONE}, 1);
      Atomics.notify(ctl, ${DONE});
    }
  }
}
`;
  const wire = node
    ? `import { parentPort } from 'node:worker_threads';\nparentPort.once('message', (d) => start(d, (m) => parentPort.postMessage(m)));`
    : `self.onmessage = (e) => { self.onmessage = null; start(e.data, (m) => self.postMessage(m)); };`;
  return body + wire + '\n';
}
