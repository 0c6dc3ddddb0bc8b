// Swapping globalThis.WebAssembly for a test body (a runtime without it, or with a stub), then re-detecting
// the CPU backend, whatever the body throws.
import { setCpuProvider } from '../../src/tensor/backend.ts';
import { wasmProvider } from '../../src/tensor/wasm/index.ts';

export function withWebAssembly(replacement: unknown, body: () => void): void {
  const g = globalThis as { WebAssembly?: unknown };
  const saved = Object.getOwnPropertyDescriptor(g, 'WebAssembly');
  Object.defineProperty(g, 'WebAssembly', { value: replacement, configurable: true, writable: true });
  try {
    setCpuProvider(wasmProvider);
    body();
  } finally {
    if (saved === undefined) delete g.WebAssembly;
    else Object.defineProperty(g, 'WebAssembly', saved);
    setCpuProvider(wasmProvider);
  }
}
