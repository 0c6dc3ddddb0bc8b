// useGpu / useCpu: loads gpu.js on demand, picks a gpu.js mode that really runs
// here and plugs its kernels into the tensor matmul seam. The one file that imports gpu.js (dynamic import() only).

import { BackendUnavailableError, ValueError, describe } from '../core/errors.ts';
import { backendInfo, setAcceleratedBackend, type BackendInfo, type MatmulBackend } from '../tensor/index.ts';
import type { GlKernelClass, GpuJsClass, GpuJsInstance, GpuJsModule } from './gpujs-types.ts';
import { MatmulKernels, type Formulation } from './kernels.ts';

/** A gpu.js mode `useGpu` accepts; 'auto' picks the best one that really runs. */
export type GpuMode = 'auto' | 'webgl2' | 'webgl' | 'headlessgl' | 'webasm' | 'cpu';
/** A concrete gpu.js mode, as `backendInfo().mode` reports it. */
export type GpuJsMode = Exclude<GpuMode, 'auto'>;

/** Options of `useGpu`. */
export interface UseGpuOptions {
  /** Which gpu.js backend runs the kernels (default 'auto'). */
  mode?: GpuMode;
  /** Smallest m * k * n that goes to gpu.js; smaller products stay on the CPU kernels (default: `DEFAULT_THRESHOLDS[mode]`). */
  threshold?: number;
}

/** Every mode `useGpu` accepts. */
export const GPU_MODES: readonly GpuMode[] = Object.freeze(['auto', 'webgl2', 'webgl', 'headlessgl', 'webasm', 'cpu']);

// Best first. gpu.js's own auto order puts headlessgl first even when it renders in software (under xvfb
// on a machine without a GPU it measured 0.7 GFLOP/s, 5x slower than webasm), so 'auto' walks this list itself.
const AUTO_ORDER: readonly GpuJsMode[] = ['webgl2', 'webgl', 'headlessgl', 'webasm', 'cpu'];

/**
 * Default `threshold` (m * k * n) per mode, from bench/matmul.ts on a 2-core
 * x86 machine without a GPU (Node 20). gpu.js webasm peaks at ~3.5 GFLOP/s and
 * gpu.js cpu at ~2.5, below the TypeScript blocked kernel (~5) and ~15x below
 * the WASM SIMD kernel (~50) at every shape measured, so by default no product
 * goes to them (Infinity); pass `threshold: 0` to route everything through gpu.js.
 * The GL modes could not be measured here: 2^24 (a 256^3 product, ~0.6 ms on
 * the WASM SIMD kernel) is an estimate of where a real GPU outweighs texture
 * upload and readback.
 */
export const DEFAULT_THRESHOLDS: Readonly<Record<GpuJsMode, number>> = Object.freeze({
  webgl2: 2 ** 24,
  webgl: 2 ** 24,
  headlessgl: 2 ** 24,
  webasm: Number.POSITIVE_INFINITY,
  cpu: Number.POSITIVE_INFINITY,
});

/** Loads the gpu.js module (injectable so tests can simulate it missing). */
export type GpuJsLoader = () => Promise<unknown>;

const importGpuJs: GpuJsLoader = () => import('gpu.js');

interface Started {
  gpu: GpuJsInstance;
  kernels: MatmulKernels;
  mode: GpuJsMode;
}

interface Active extends Started {
  threshold: number;
}

let active: Active | null = null;
// Bumped by every useGpu/useCpu call: a useGpu that finishes loading after a later call discards its result.
let generation = 0;

/**
 * Routes matrix products of at least `threshold` multiply-adds to gpu.js
 * kernels (forward and both backward products of every Dense layer). Loads
 * gpu.js with a dynamic import; if it is not installed the error says
 * `npm install gpu.js`. An explicit mode that cannot run here is a
 * `BackendUnavailableError` naming the mode and the reason, never a silent
 * fallback. Float64 products and those below the threshold stay on the CPU kernels.
 *
 * @example
 * import { useGpu, useCpu } from 'scikeras-ts/gpu';
 * await useGpu({ mode: 'webasm', threshold: 0 }); // { backend: 'gpu.js', mode: 'webasm', threshold: 0 }
 * model.fit(x, y);
 * useCpu();
 */
export function useGpu(options: UseGpuOptions = {}): Promise<BackendInfo> {
  return useGpuWith(importGpuJs, options);
}

/** `useGpu` with the gpu.js module supplied by `load` (tests use it to simulate gpu.js missing or a GL renderer). */
export async function useGpuWith(load: GpuJsLoader, options: UseGpuOptions = {}): Promise<BackendInfo> {
  const { mode, threshold } = checkOptions(options);
  const ticket = ++generation;
  const mod = await loadGpuJs(load);
  const started = mode === 'auto' ? startAuto(mod) : startExplicit(mod, mode);
  if (ticket !== generation) {
    release(started);
    return backendInfo();
  }
  if (active !== null) release(active);
  const next: Active = { ...started, threshold: threshold ?? DEFAULT_THRESHOLDS[started.mode] };
  active = next;
  setAcceleratedBackend(acceleratedBackend(next), { backend: 'gpu.js', mode: next.mode, threshold: next.threshold });
  return backendInfo();
}

/**
 * Returns matrix products to the CPU kernels (WASM SIMD where it runs, else
 * TypeScript) and destroys the gpu.js instance and its kernels.
 */
export function useCpu(): BackendInfo {
  generation++;
  setAcceleratedBackend(null);
  if (active !== null) release(active);
  active = null;
  return backendInfo();
}

/** What the gpu.js backend has done: `null` when it is not in use (for tests and benchmarks). */
export function gpuStats(): { mode: GpuJsMode; kernels: number; products: number; shapes: string[] } | null {
  return active === null
    ? null
    : {
        mode: active.mode,
        kernels: active.kernels.size,
        products: active.kernels.products,
        shapes: active.kernels.shapes(),
      };
}

function checkOptions(options: unknown): { mode: GpuMode; threshold: number | undefined } {
  if (typeof options !== 'object' || options === null)
    throw new ValueError(`useGpu: options must be an object. Got ${describe(options)} instead.`);
  for (const key of Object.keys(options)) {
    if (key !== 'mode' && key !== 'threshold')
      throw new ValueError(`useGpu: unknown option '${key}' (expected 'mode' or 'threshold').`);
  }
  const { mode, threshold } = options as { mode?: unknown; threshold?: unknown };
  if (mode !== undefined && !GPU_MODES.includes(mode as GpuMode)) {
    throw new ValueError(
      `useGpu: mode must be one of ${GPU_MODES.map((m) => `'${m}'`).join(', ')}. Got ${describe(mode)} instead.`,
    );
  }
  if (threshold !== undefined && (typeof threshold !== 'number' || !(threshold >= 0))) {
    throw new ValueError(
      `useGpu: threshold must be a number >= 0 (the smallest m * k * n sent to gpu.js). Got ${describe(threshold)} instead.`,
    );
  }
  return { mode: (mode ?? 'auto') as GpuMode, threshold: threshold as number | undefined };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function isMissingModule(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return true;
  return /cannot find (package|module)|failed to resolve module specifier|dynamically imported module/i.test(
    messageOf(err),
  );
}

async function loadGpuJs(load: GpuJsLoader): Promise<GpuJsModule> {
  let mod: unknown;
  try {
    mod = await load();
  } catch (err) {
    throw new BackendUnavailableError(
      isMissingModule(err)
        ? "useGpu: gpu.js is not installed (it is an optional peer dependency of scikeras-ts). Run `npm install gpu.js` (add --omit=optional to skip building its native 'gl')."
        : `useGpu: gpu.js failed to load (${messageOf(err)}). Reinstall it with \`npm install gpu.js\`.`,
    );
  }
  // gpu.js is CommonJS: Node's import() exposes named exports, bundlers may only give `default`.
  const named = mod as Partial<GpuJsModule> | null;
  const viaDefault = (mod as { default?: Partial<GpuJsModule> } | null)?.default;
  const found = typeof named?.GPU === 'function' ? named : typeof viaDefault?.GPU === 'function' ? viaDefault : null;
  if (found === null)
    throw new BackendUnavailableError(
      'useGpu: the installed gpu.js exports no GPU class; scikeras-ts needs gpu.js 2.x: `npm install gpu.js@^2.24.1`.',
    );
  return found as GpuJsModule;
}

// The WebGL modes need a canvas; say so plainly rather than echo gpu.js's "not supported".
function noBrowserCanvas(): string | null {
  const g = globalThis as { document?: unknown; OffscreenCanvas?: unknown };
  return g.document === undefined && g.OffscreenCanvas === undefined
    ? 'WebGL needs a browser: this runtime has neither document nor OffscreenCanvas to create a canvas'
    : null;
}

/** Why gpu.js reports `mode` unsupported here, or null when its feature probe passes. */
function unsupportedReason(GPU: GpuJsClass, mode: GpuJsMode): string | null {
  try {
    switch (mode) {
      case 'webgl2':
        return GPU.isWebGL2Supported === true
          ? null
          : (noBrowserCanvas() ?? 'this browser could not create a WebGL2 context');
      case 'webgl':
        return GPU.isWebGLSupported === true
          ? null
          : (noBrowserCanvas() ?? 'this browser could not create a WebGL context');
      case 'headlessgl':
        return GPU.isHeadlessGLSupported === true
          ? null
          : "gpu.js could not create a headless-gl context: the optional native package 'gl' is not installed or not built (npm skips it with --omit=optional and drops it silently when its native build fails), or it has no display to render to (try xvfb-run)";
      case 'webasm':
        return GPU.isWebAssemblySupported === true ? null : 'WebAssembly is not available in this runtime';
      case 'cpu':
        return null;
      default:
        return mode satisfies never;
    }
  } catch (err) {
    return `gpu.js's feature probe threw: ${messageOf(err)}`;
  }
}

const SOFTWARE_GL = /swiftshader|llvmpipe|softpipe|lavapipe|swrast|software|microsoft basic render/i;
const GL_RENDERER = 0x1f01;

/** The GL renderer gpu.js's test context reports (unmasked when the browser allows), or null. */
function glRenderer(mod: GpuJsModule, mode: 'webgl2' | 'webgl' | 'headlessgl'): string | null {
  const cls: GlKernelClass | undefined =
    mode === 'webgl2' ? mod.WebGL2Kernel : mode === 'webgl' ? mod.WebGLKernel : mod.HeadlessGLKernel;
  try {
    const ctx = cls?.testContext;
    if (ctx === null || ctx === undefined) return null;
    const info = ctx.getExtension('WEBGL_debug_renderer_info') as { UNMASKED_RENDERER_WEBGL?: number } | null;
    const name = ctx.getParameter(
      typeof info?.UNMASKED_RENDERER_WEBGL === 'number' ? info.UNMASKED_RENDERER_WEBGL : GL_RENDERER,
    );
    return typeof name === 'string' ? name : null;
  } catch {
    return null; // a context that cannot name its renderer is treated as unknown
  }
}

function formulationOf(mode: GpuJsMode): Formulation {
  // rows4 is 2x the one-cell kernel on webasm and cpu (measured); the GL modes keep
  // the textbook one-cell kernel, the formulation known to work there (not measurable here).
  return mode === 'webasm' || mode === 'cpu' ? 'rows4' : 'plain';
}

// A 5 x 3 . 3 x 6 product of small integers (exact in float32) with a partial
// 4-row group: the kernel compiles, runs on the requested backend and is right.
function probeError(kernels: MatmulKernels): string | null {
  const m = 5,
    k = 3,
    n = 6;
  const a = Float32Array.from({ length: m * k }, (_, i) => (i % 7) - 3);
  const b = Float32Array.from({ length: k * n }, (_, i) => (i % 5) - 2);
  const c = new Float32Array(m * n);
  kernels.run(a, b, c, m, k, n, false, false);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (a[i * k + p] as number) * (b[p * n + j] as number);
      if (c[i * n + j] !== s) return `a test product gave ${c[i * n + j]} instead of ${s} at [${i}, ${j}]`;
    }
  }
  return null;
}

/** Creates the gpu.js instance for `mode` and proves it with a test product; a string says why it cannot run. */
function tryStart(mod: GpuJsModule, mode: GpuJsMode): Started | string {
  const unsupported = unsupportedReason(mod.GPU, mode);
  if (unsupported !== null) return unsupported;
  let gpu: GpuJsInstance;
  try {
    gpu = new mod.GPU({ mode });
  } catch (err) {
    return `gpu.js refused it: ${messageOf(err)}`;
  }
  const started: Started = { gpu, kernels: new MatmulKernels(gpu, mode, formulationOf(mode)), mode };
  const probe = new MatmulKernels(gpu, mode, formulationOf(mode));
  let failure: string | null;
  try {
    failure = probeError(probe);
  } catch (err) {
    failure = `a test kernel failed: ${messageOf(err)}`;
  } finally {
    probe.destroy();
  }
  if (failure === null) return started;
  release(started);
  return failure;
}

function startExplicit(mod: GpuJsModule, mode: GpuJsMode): Started {
  const started = tryStart(mod, mode);
  if (typeof started === 'string')
    throw new BackendUnavailableError(`useGpu: mode '${mode}' cannot run here: ${started}.`);
  return started;
}

function startAuto(mod: GpuJsModule): Started {
  const skipped: string[] = [];
  for (const mode of AUTO_ORDER) {
    if (mode === 'webgl2' || mode === 'webgl' || mode === 'headlessgl') {
      const unsupported = unsupportedReason(mod.GPU, mode);
      if (unsupported !== null) {
        skipped.push(`${mode}: ${unsupported}`);
        continue;
      }
      // A software GL renderer is slower than webasm, so 'auto' never picks it;
      // for headless-gl (usually Mesa under Xvfb) an unnamed renderer counts as software.
      const renderer = glRenderer(mod, mode);
      if (renderer !== null && SOFTWARE_GL.test(renderer)) {
        skipped.push(`${mode}: renders in software (${renderer})`);
        continue;
      }
      if (renderer === null && mode === 'headlessgl') {
        skipped.push(`${mode}: its renderer is unnamed, so it may be software; ask for mode 'headlessgl' to use it`);
        continue;
      }
    }
    const started = tryStart(mod, mode);
    if (typeof started !== 'string') return started;
    skipped.push(`${mode}: ${started}`);
  }
  throw new BackendUnavailableError(`useGpu: mode 'auto' found no gpu.js mode that runs here (${skipped.join('; ')}).`);
}

function acceleratedBackend(state: Active): MatmulBackend {
  const { kernels, threshold } = state;
  return {
    name: 'gpu.js',
    matmul(a, b, c, m, k, n, transA, transB) {
      // float32 only: gpu.js computes in float32 (webasm, GL), and float64 models asked for more.
      if (!(a instanceof Float32Array && b instanceof Float32Array && c instanceof Float32Array)) return false;
      if (m === 0 || k === 0 || n === 0 || m * k * n < threshold) return false;
      kernels.run(a, b, c, m, k, n, transA, transB);
      return true;
    },
  };
}

function release(state: Started): void {
  state.kernels.destroy();
  try {
    const done = state.gpu.destroy() as { then?: unknown } | undefined;
    // gpu.js tears down on a timer; its kernels are already destroyed above, so
    // a late rejection has nothing left to report that the caller could act on.
    if (typeof done?.then === 'function') (done as Promise<unknown>).then(undefined, () => undefined);
  } catch {
    // same: the kernels are gone, nothing else is held by this instance
  }
}
