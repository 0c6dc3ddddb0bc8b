// Entry point of the WebAssembly SIMD matrix product; re-exports only.
// Must not import autograd, nn or gpu code.

export {
  WASM_MIN_WORK,
  type WasmGemm,
  type Epilogue,
  compileWasmGemm,
  wasmBackendOf,
  wasmProvider,
} from './runtime.ts';
export { DEFAULT_BLOCKING, type GemmBlocking, buildGemmModule } from './gemm.ts';
