// The README's edge-worker recipe, verbatim at module scope: import the precompiled GEMM as a wasm module and hand
// it to useWasmModule from scikeras-ts/tensor. The routes are entry-workerd.ts's.
import gemm from 'scikeras-ts/gemm.wasm';
import { useWasmModule } from '../../src/tensor/index.ts';
import { smokeWorker } from './entry-workerd.ts';

export default smokeWorker(useWasmModule(gemm));
