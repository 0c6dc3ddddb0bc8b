// The slice of the WebAssembly JS API the GEMM uses, typed locally because the
// core compiles without DOM typings. Types plus one global lookup; imports nothing.

/** A linear memory; `buffer` is replaced (the old one detached, or for a shared memory left short) after `grow`. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(deltaPages: number): number;
}

/** A compiled module (opaque here). */
export type WasmModule = object;

/** An instantiated module. */
export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

/** The global `WebAssembly` namespace, as far as we use it. */
export interface WasmApi {
  readonly Module: {
    new (bytes: Uint8Array): WasmModule;
    /** The payloads of the module's custom sections called `name`. */
    customSections(module: WasmModule, name: string): ArrayBuffer[];
  };
  readonly Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => WasmInstance;
  readonly Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  validate(bytes: Uint8Array): boolean;
}

/**
 * The runtime's `WebAssembly`, looked up at call time (never at import) so a
 * runtime without it, or a test that hides it, is seen as it is now.
 */
export function wasmApi(): WasmApi | undefined {
  const api = (globalThis as { WebAssembly?: unknown }).WebAssembly;
  if (typeof api !== 'object' || api === null) return undefined;
  return typeof (api as Partial<WasmApi>).Module === 'function' ? (api as WasmApi) : undefined;
}
