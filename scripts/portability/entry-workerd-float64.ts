// A Worker that hands both precompiled files to useWasmModule during a request, where workerd refuses compiling:
// after gemm.wasm alone float64 stays on the TypeScript kernels (the reason says so and names gemm-f64.wasm); after
// gemm-f64.wasm too it runs on WASM. Each step trains the smoke in float64 (the same bits on either kernel).
import gemm from 'scikeras-ts/gemm.wasm';
import gemm64 from 'scikeras-ts/gemm-f64.wasm';
import * as lib from '../../src/index.ts';
import { useWasmModule } from '../../src/tensor/index.ts';
import { runSmoke, type SmokeResult } from './smoke.ts';

declare const __IRIS_CSV__: string;

/** What `/float64` answers. */
export interface Float64Steps {
  /** backendInfo() after useWasmModule(gemm), and the float64 smoke then. */
  float32Only: { info: lib.BackendInfo; smoke: SmokeResult };
  /** The same after useWasmModule(gemm64). */
  both: { info: lib.BackendInfo; smoke: SmokeResult };
}

function steps(): Float64Steps {
  const first = useWasmModule(gemm);
  const float32Only = { info: first, smoke: runSmoke(lib, __IRIS_CSV__, 0, 'float64') };
  const second = useWasmModule(gemm64);
  return { float32Only, both: { info: second, smoke: runSmoke(lib, __IRIS_CSV__, 0, 'float64') } };
}

export default {
  fetch(request: Request): Response {
    try {
      const path = new URL(request.url).pathname;
      if (path !== '/float64') throw new Error(`no route ${path}`);
      return new Response(JSON.stringify(steps()), { headers: { 'content-type': 'application/json' } });
    } catch (e) {
      return new Response(e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e), {
        status: 500,
      });
    }
  },
};
