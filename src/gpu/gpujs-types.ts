// The few parts of gpu.js 2.x this backend touches, typed locally so that
// compiling (and the emitted .d.ts) never needs gpu.js installed. Imports nothing.

/** Settings passed to `gpu.createKernel` (sizes are baked in as constants). */
export interface GpuJsKernelSettings {
  /** `[columns, rows]`: `this.thread.x` runs over columns, `this.thread.y` over rows. */
  output: [number, number];
  constants: { M: number; K: number; N: number };
  precision?: 'single';
}

/** What gpu.js keeps behind a kernel's run shortcut. */
export interface GpuJsKernelImpl {
  /** The backend class; its static `mode` names the backend that really runs ('webasm', 'cpu', ...). */
  readonly constructor: { readonly mode?: unknown };
  /** Set when gpu.js degraded the kernel to another backend. */
  readonly fallbackReason?: unknown;
}

/** A compiled kernel: call it with the operands, get nested rows back. */
export interface GpuJsKernel {
  (a: Float32Array, b: Float32Array): unknown;
  /** Replaced by gpu.js when it switches backends, so read it after a call. */
  readonly kernel?: GpuJsKernelImpl;
  destroy(removeCanvasReferences?: boolean): unknown;
}

/** An instance of gpu.js's `GPU` class. */
export interface GpuJsInstance {
  createKernel(source: string, settings: GpuJsKernelSettings): GpuJsKernel;
  /** Asynchronous in gpu.js 2.24 (it returns a Promise). */
  destroy(): unknown;
}

/** gpu.js's `GPU` class: the constructor plus its static feature probes. */
export interface GpuJsClass {
  new (settings: { mode: string }): GpuJsInstance;
  readonly isWebGL2Supported?: boolean;
  readonly isWebGLSupported?: boolean;
  readonly isHeadlessGLSupported?: boolean;
  readonly isWebAssemblySupported?: boolean;
}

/** The slice of a WebGL context used to read the renderer's name. */
export interface GlContextLike {
  getParameter(name: number): unknown;
  getExtension(name: string): unknown;
}

/** A GL kernel class, whose static test context tells which renderer gpu.js found. */
export interface GlKernelClass {
  readonly testContext?: GlContextLike | null;
}

/** The module object `import('gpu.js')` resolves to (CommonJS: named exports and `default`). */
export interface GpuJsModule {
  GPU: GpuJsClass;
  WebGL2Kernel?: GlKernelClass;
  WebGLKernel?: GlKernelClass;
  HeadlessGLKernel?: GlKernelClass;
}
