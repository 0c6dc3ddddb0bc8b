// Entry point of the WebAssembly SIMD matrix product; re-exports only.
// Must not import autograd, nn or gpu code.

export {
  WASM_MIN_WORK,
  type WasmGemmOptions,
  compileWasmGemm,
  relaxedSimd,
  wasmBackend,
  wasmBackendOf,
  wasmProvider,
} from './runtime.ts';
export { type WasmGemm, type Epilogue, type ParallelGemm, type TilesCall, type TilesExport } from './kernel.ts';
export { GEMM_SECTION, type GemmKind, gemmFileCode, gemmFingerprint, gemmModuleFile } from './module-file.ts';
export {
  DEFAULT_BLOCKING,
  DEFAULT_BLOCKING_F64,
  DEFAULT_BLOCKING_FMA,
  type GemmBlocking,
  type GemmModuleOptions,
  buildGemmModule,
} from './gemm.ts';
