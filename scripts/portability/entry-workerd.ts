// Smoke entry for a Cloudflare Worker in workerd. `env.MODE` picks the path: 'fallback' uses what detection
// finds (workerd refuses to compile WebAssembly from bytes), 'module' first hands in the precompiled GEMM.
// Bundled with the installed package; 'scikeras-ts/gemm.wasm' stays an import the host resolves to a wasm module.
import * as lib from '../../src/index.ts';
import gemm from 'scikeras-ts/gemm.wasm';
import { runSmoke, SEED_EPOCHS } from './smoke.ts';

declare const __IRIS_CSV__: string;

interface Env {
  MODE: 'fallback' | 'module';
  /** The bytes of gemm.wasm, to show what handing in bytes does where compiling is refused. */
  GEMM_BYTES: ArrayBuffer;
}

let setup: lib.BackendInfo | null = null;

function handle(path: string, env: Env): unknown {
  setup ??= env.MODE === 'module' ? lib.useWasmModule(gemm) : lib.backendInfo();
  switch (path) {
    case '/info':
      return { mode: env.MODE, setup, backend: lib.backendInfo() };
    case '/smoke':
      return runSmoke(lib, __IRIS_CSV__, SEED_EPOCHS);
    case '/bytes':
      try {
        return { ok: lib.useWasmModule(env.GEMM_BYTES) };
      } catch (e) {
        return { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
      }
    default:
      throw new Error(`no route ${path}`);
  }
}

export default {
  fetch(request: Request, env: Env): Response {
    const url = new URL(request.url);
    try {
      return new Response(JSON.stringify(handle(url.pathname, env)), {
        headers: { 'content-type': 'application/json' },
      });
    } catch (e) {
      return new Response(e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e), {
        status: 500,
      });
    }
  },
};
