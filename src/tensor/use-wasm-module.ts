// useWasmModule: the WASM SIMD kernels from modules the host compiled (an edge worker's `.wasm` imports),
// for runtimes that refuse to compile WebAssembly themselves. Imports the backend seam and the wasm runtime.

import { ArgumentError, BackendUnavailableError, ValueError, describe } from '../core/errors.ts';
import { backendInfo, setCpuProvider, type BackendInfo } from './backend.ts';
import { DEFAULT_BLOCKING } from './wasm/gemm.ts';
import { GEMM_SECTION, type GemmKind, gemmFileCode, gemmFingerprint } from './wasm/module-file.ts';
import { adoptWasmGemm, compileWasmGemm, wasmProvider } from './wasm/runtime.ts';
import { wasmApi, type WasmApi, type WasmModule } from './wasm/wasm-api.ts';

const tag = (v: unknown): string => Object.prototype.toString.call(v);

// The modules handed in so far, per WebAssembly namespace: one call per file, in either order.
let held: { api: WasmApi; f32?: WasmModule; f64?: WasmModule } | null = null;

/**
 * Runs matrix products on the WASM SIMD GEMM instantiated from `module`:
 * `scikeras-ts/gemm.wasm` (float32) or `scikeras-ts/gemm-f64.wasm` (float64)
 * as the host compiled it (a `WebAssembly.Module`), or its bytes where the
 * host compiles bytes. Call it once per file; a custom section tells the two
 * apart. Instantiation compiles nothing, so it works where
 * `backendInfo().reason` says WebAssembly compilation failed. A float type
 * whose file was not handed in compiles its module here when the runtime
 * allows it, else runs on the TypeScript kernels and `reason` says so.
 * Throws `ArgumentError` for anything but a module or bytes, `ValueError` for
 * a module other than this version's files, and `BackendUnavailableError`
 * when the runtime cannot run it (no WebAssembly, bytes it refuses to
 * compile, a failed self-check).
 *
 * @example
 * // A Cloudflare Worker (workerd): the bundler keeps the .wasm imports as modules.
 * import gemm from 'scikeras-ts/gemm.wasm';
 * import gemm64 from 'scikeras-ts/gemm-f64.wasm';
 * import { useWasmModule } from 'scikeras-ts/tensor';
 * useWasmModule(gemm); // { backend: 'wasm', mode: null, threshold: null, threads: 1, fma: false }
 * useWasmModule(gemm64); // float64 products too
 */
export function useWasmModule(module: WasmModule | ArrayBuffer | ArrayBufferView): BackendInfo {
  const api = wasmApi();
  if (api === undefined)
    throw new BackendUnavailableError(
      'useWasmModule: WebAssembly is not available in this runtime; the TypeScript kernels run instead.',
    );
  let compiled: WasmModule;
  if (module instanceof api.Module || tag(module) === '[object WebAssembly.Module]') {
    compiled = module;
  } else if (ArrayBuffer.isView(module) || tag(module) === '[object ArrayBuffer]') {
    const view = ArrayBuffer.isView(module)
      ? new Uint8Array(module.buffer, module.byteOffset, module.byteLength)
      : new Uint8Array(module as ArrayBuffer);
    try {
      compiled = new api.Module(view);
    } catch (e) {
      throw new BackendUnavailableError(
        `useWasmModule: this runtime refused to compile the bytes (${e instanceof Error ? e.message : String(e)}); pass the WebAssembly.Module the host compiled, e.g. \`import gemm from 'scikeras-ts/gemm.wasm'\`.`,
      );
    }
  } else {
    throw new ArgumentError(
      `useWasmModule: module must be a WebAssembly.Module or the bytes of scikeras-ts/gemm.wasm or gemm-f64.wasm (an ArrayBuffer or typed array), got ${describe(module)}.`,
    );
  }
  const kind = kindOf(api, compiled);
  const prior = held !== null && held.api === api ? held : { api };
  const modules = kind === 'float32' ? { ...prior, f32: compiled } : { ...prior, f64: compiled };
  // gemm.wasm is plain SIMD with the default blocking; a float32 module compiled here uses this engine's default.
  const kernel = compileWasmGemm(modules.f32 === undefined ? undefined : DEFAULT_BLOCKING, {
    ...(modules.f32 === undefined ? {} : { fma: false }),
    modules,
    eager: true,
  });
  if (typeof kernel === 'string') throw new BackendUnavailableError(`useWasmModule: ${kernel}.`);
  held = modules;
  adoptWasmGemm(kernel);
  // Detection starts over and finds the adopted kernel (forceCpuBackend(null) finds it again too).
  setCpuProvider(wasmProvider);
  return backendInfo();
}

// Which of this version's files `module` is, from its fingerprint section; a ValueError for anything else.
function kindOf(api: WasmApi, module: WasmModule): GemmKind {
  const sections = api.Module.customSections(module, GEMM_SECTION);
  const got = sections.length === 1 ? String.fromCharCode(...new Uint8Array(sections[0] as ArrayBuffer)) : null;
  const kinds: GemmKind[] = ['float32', 'float64'];
  const want = kinds.map((kind) => gemmFingerprint(gemmFileCode(kind), kind));
  const at = got === null ? -1 : want.indexOf(got);
  if (at >= 0) return kinds[at] as GemmKind;
  throw new ValueError(
    `useWasmModule: module is not the gemm.wasm or gemm-f64.wasm of this version of scikeras-ts (its '${GEMM_SECTION}' section says ${got === null ? 'nothing: it has none' : `'${got}'`}, expected '${want[0]}' or '${want[1]}'); import 'scikeras-ts/gemm.wasm' (or 'scikeras-ts/gemm-f64.wasm') from the installed package.`,
  );
}
