// Smoke entry for the browser page: exposes window.__portability (smoke on the main thread, in a module
// Web Worker, and the gpu.js webgl2 backend against the TypeScript kernels). Bundled with the installed package (see harness.ts).
import * as lib from '../../src/index.ts';
import * as gpu from '../../src/gpu/index.ts';
import { runSmoke, SEED_EPOCHS, type SmokeResult } from './smoke.ts';

declare const __IRIS_CSV__: string;

interface WorkerLike {
  onmessage: ((e: { data: { ok: boolean; result?: string; error?: string } }) => void) | null;
  onerror: ((e: { message: string }) => void) | null;
  terminate(): void;
}
interface GL {
  getExtension(name: string): { UNMASKED_RENDERER_WEBGL: number } | null;
  getParameter(p: number): unknown;
}
interface Page {
  Worker: new (url: string, options: { type: 'module' }) => WorkerLike;
  document: { createElement(tag: 'canvas'): { getContext(kind: 'webgl2'): GL | null } };
  __portability?: PortabilityApi;
}

/** One product through gpu.js against the TypeScript kernels. */
export interface ProductCheck {
  m: number;
  k: number;
  n: number;
  transA: boolean;
  transB: boolean;
  maxAbsDiff: number;
  maxAbsRef: number;
}

/** What the webgl2 check found; `available: false` carries the reason. */
export interface GpuCheck {
  available: boolean;
  reason?: string;
  /** The renderer of a WebGL2 context the page made itself, or why it could not make one. */
  renderer: string;
  info?: lib.BackendInfo;
  products?: ProductCheck[];
  smoke?: SmokeResult;
}

/** useThreads on this page: what it resolved to, what backendInfo reported, and whether 2 threads gave one thread's bits. */
export interface ThreadsCheck {
  threads: number;
  reason: string | null;
  reported: number | undefined;
  same: boolean;
}

export interface PortabilityApi {
  threads(): Promise<string>;
  smoke(): string;
  smokeInWorker(): Promise<string>;
  gpuCheck(): Promise<string>;
}

const page = globalThis as unknown as Page;
const message = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

function probeWebGL2(): string {
  try {
    const gl = page.document.createElement('canvas').getContext('webgl2');
    if (gl === null) return 'no WebGL2 context (getContext returned null)';
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    return String(gl.getParameter(ext === null ? 0x1f01 : ext.UNMASKED_RENDERER_WEBGL));
  } catch (e) {
    return `no WebGL2 context (${message(e)})`;
  }
}

function uniform(n: number, seed: number): Float32Array {
  const rng = new lib.Rng(seed);
  return Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
}

// Odd sizes (texture edges), square, and every transpose flag the backward pass uses.
const SHAPES: ReadonlyArray<readonly [number, number, number, boolean, boolean]> = [
  [37, 53, 29, false, false],
  [64, 96, 80, true, false],
  [33, 17, 65, false, true],
  [128, 128, 128, true, true],
  [150, 4, 16, false, false],
];

async function gpuCheck(): Promise<GpuCheck> {
  const renderer = probeWebGL2();
  let info: lib.BackendInfo;
  try {
    info = await gpu.useGpu({ mode: 'webgl2', threshold: 0 });
  } catch (e) {
    return { available: false, reason: message(e), renderer };
  }
  try {
    const products = SHAPES.map(([m, k, n, transA, transB], i): ProductCheck => {
      const a = uniform(m * k, 10 + i),
        b = uniform(k * n, 20 + i);
      const viaGpu = new Float32Array(m * n),
        viaTs = new Float32Array(m * n);
      lib.matmulInto(a, b, viaGpu, m, k, n, transA, transB);
      lib.typescriptBackend.matmul(a, b, viaTs, m, k, n, transA, transB);
      let maxAbsDiff = 0,
        maxAbsRef = 0;
      viaTs.forEach((v, j) => {
        maxAbsDiff = Math.max(maxAbsDiff, Math.abs(v - (viaGpu[j] as number)));
        maxAbsRef = Math.max(maxAbsRef, Math.abs(v));
      });
      return { m, k, n, transA, transB, maxAbsDiff, maxAbsRef };
    });
    return { available: true, renderer, info, products, smoke: runSmoke(lib, __IRIS_CSV__) };
  } finally {
    gpu.useCpu();
  }
}

page.__portability = {
  smoke: () => JSON.stringify(runSmoke(lib, __IRIS_CSV__, SEED_EPOCHS)),
  smokeInWorker: () =>
    new Promise<string>((resolve, reject) => {
      const w = new page.Worker('./entry-worker.js', { type: 'module' });
      w.onmessage = (e) => {
        w.terminate();
        if (e.data.ok) resolve(e.data.result as string);
        else reject(new Error(`worker: ${e.data.error}`));
      };
      w.onerror = (e) => reject(new Error(`worker failed to load or threw: ${e.message}`));
    }),
  gpuCheck: async () => JSON.stringify(await gpuCheck()),
  threads: async () => {
    const [m, k, n] = [90, 70, 50];
    const a = uniform(m * k, 3),
      b = uniform(k * n, 4);
    const one = new Float32Array(m * n),
      two = new Float32Array(m * n);
    lib.matmulInto(a, b, one, m, k, n, true, false);
    const r = await lib.useThreads({ threads: 2, minWork: 1 });
    try {
      lib.matmulInto(a, b, two, m, k, n, true, false);
      const check: ThreadsCheck = {
        threads: r.threads,
        reason: r.reason ?? null,
        reported: lib.backendInfo().threads,
        same: one.every((v, i) => Object.is(v, two[i])),
      };
      return JSON.stringify(check);
    } finally {
      lib.useSingleThread();
    }
  },
};
