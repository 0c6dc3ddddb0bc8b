// The README's edge-worker recipe, verbatim at module scope: import the precompiled GEMM modules (float32 and float64)
// as wasm modules and hand each to useWasmModule from scikeras-ts/tensor. The routes are entry-workerd.ts's.
import gemm from 'scikeras-ts/gemm.wasm';
import gemm64 from 'scikeras-ts/gemm-f64.wasm';
import { useWasmModule } from '../../src/tensor/index.ts';
import { smokeWorker } from './entry-workerd.ts';

useWasmModule(gemm); // { backend: 'wasm', mode: null, threshold: null, threads: 1, fma: false }
export default smokeWorker(useWasmModule(gemm64));
