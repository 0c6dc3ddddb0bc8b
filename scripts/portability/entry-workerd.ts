// Smoke entry for a Cloudflare Worker in workerd, without useWasmModule: the backend is detected at the first request,
// where workerd refuses to compile WebAssembly from bytes. entry-workerd-module.ts is the same Worker after the README's
// recipe, entry-workerd-startup.ts one that detects at module scope. Bundled with the installed package; routes answer JSON.
import * as lib from '../../src/index.ts';
import { runSmoke, SEED_EPOCHS } from './smoke.ts';

declare const __IRIS_CSV__: string;

export interface Env {
  /** The bytes of gemm.wasm, to show what handing in bytes does where compiling is refused. */
  GEMM_BYTES?: ArrayBuffer;
}

/** A Worker whose `/info` reports `setup` (what the module scope did; null: detect at the first request) and the backend now. */
export function smokeWorker(setup: lib.BackendInfo | null): { fetch(request: Request, env: Env): Response } {
  const handle = (path: string, env: Env): unknown => {
    setup ??= lib.backendInfo();
    switch (path) {
      case '/info':
        return { setup, backend: lib.backendInfo() };
      case '/smoke':
        return runSmoke(lib, __IRIS_CSV__, SEED_EPOCHS);
      case '/bytes':
        if (env.GEMM_BYTES === undefined) throw new Error('no GEMM_BYTES binding');
        try {
          return { ok: lib.useWasmModule(env.GEMM_BYTES) };
        } catch (e) {
          return { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
        }
      default:
        throw new Error(`no route ${path}`);
    }
  };
  return {
    fetch(request, env) {
      try {
        return new Response(JSON.stringify(handle(new URL(request.url).pathname, env)), {
          headers: { 'content-type': 'application/json' },
        });
      } catch (e) {
        return new Response(e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e), {
          status: 500,
        });
      }
    },
  };
}

export default smokeWorker(null);
