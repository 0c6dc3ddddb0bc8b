// useWasmModule: the GEMM from modules compiled elsewhere (dist/gemm.wasm and dist/gemm-f64.wasm as an edge host
// compiles them), in a runtime that refuses compiling (simulated as the matmul suite does), and what it refuses.
import { test } from 'uvu';
import { withWebAssembly } from '../helpers/web-assembly.ts';
import * as assert from 'uvu/assert';
import { ArgumentError, BackendUnavailableError, ValueError } from '../../src/core/errors.ts';
import {
  backendInfo,
  forceCpuBackend,
  matmulInto,
  typescriptBackend,
  type MatmulBackend,
} from '../../src/tensor/backend.ts';
import { Rng } from '../../src/tensor/rng.ts';
import { useWasmModule } from '../../src/tensor/index.ts';
import {
  DEFAULT_BLOCKING,
  DEFAULT_BLOCKING_F64,
  GEMM_SECTION,
  buildGemmModule,
  compileWasmGemm,
  gemmFingerprint,
  gemmModuleFile,
  wasmBackend,
  wasmProvider,
} from '../../src/tensor/wasm/index.ts';

interface Wasm {
  Module: { new (bytes: Uint8Array): object; customSections(m: object, name: string): ArrayBuffer[] };
  Instance: unknown;
  Memory: unknown;
}
const real = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;
const file = gemmModuleFile();
const file64 = gemmModuleFile('float64');
const compiled = compileWasmGemm();
if (typeof compiled === 'string') throw new Error(`this suite needs WebAssembly SIMD in Node: ${compiled}`);

/** A namespace like workerd's during a request: compiling bytes throws, a module compiled before still instantiates. */
const refusing = (): unknown => ({
  Module: Object.assign(
    function Module() {
      throw new Error('WebAssembly.Module(): Wasm code generation disallowed by embedder');
    },
    { customSections: real.Module.customSections },
  ),
  Instance: real.Instance,
  Memory: real.Memory,
  validate: () => true,
});

/** Products through the active backend, for every transpose flag, on shapes the WASM backend takes. */
function products(): Float32Array[] {
  const rng = new Rng(7);
  const out: Float32Array[] = [];
  for (const [m, k, n] of [
    [33, 17, 29],
    [64, 96, 80],
    [150, 4, 16],
    [40, 30, 1],
  ] as const) {
    const a = Float32Array.from({ length: m * k }, () => rng.float() * 2 - 1);
    const b = Float32Array.from({ length: k * n }, () => rng.float() * 2 - 1);
    for (const [ta, tb] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      const c = new Float32Array(m * n);
      matmulInto(a, b, c, m, k, n, ta, tb);
      out.push(c);
    }
  }
  return out;
}

function sameBits(got: Float32Array[], want: Float32Array[], what: string): void {
  assert.is(got.length, want.length);
  got.forEach((c, i) =>
    assert.ok(
      c.every((v, j) => Object.is(v, (want[i] as Float32Array)[j])),
      `${what}: product ${i} differs`,
    ),
  );
}

function productsWith(backend: MatmulBackend): Float32Array[] {
  forceCpuBackend(backend);
  try {
    return products();
  } finally {
    forceCpuBackend(null);
  }
}

/**
 * Whether the CPU backend found now runs a product of each float type itself (true) or declines it to the
 * TypeScript kernels (false): float64 has the same bits on both, so only the backend's answer tells them apart.
 */
function runsHere(): { float32: boolean; float64: boolean } {
  const backend = wasmProvider.detect();
  if (typeof backend === 'string') return { float32: false, float64: false };
  const run = (ctor: Float32ArrayConstructor | Float64ArrayConstructor): boolean => {
    const a = new ctor(20 * 20).fill(1);
    const c = new ctor(20 * 20);
    return backend.matmul(a, a, c, 20, 20, 20, false, false) && c.every((v) => v === 20);
  };
  return { float32: run(Float32Array), float64: run(Float64Array) };
}

const tsBits = productsWith(typescriptBackend);
// gemm.wasm is the plain-SIMD module: its bits are wasmBackend({ fma: false })'s on every engine.
const wasmBits = productsWith(wasmBackend({ fma: false }));
const WASM_INFO = { backend: 'wasm', mode: null, threshold: null, threads: 1, fma: false };

test('gemm.wasm and gemm-f64.wasm are the emitted modules followed by one custom section naming the kind, and compile', () => {
  for (const [bytes, code, kind] of [
    [file, buildGemmModule(DEFAULT_BLOCKING), 'float32'],
    [file64, buildGemmModule(DEFAULT_BLOCKING_F64, { dtype: 'float64' }), 'float64'],
  ] as const) {
    assert.equal([...bytes.subarray(0, code.length)], [...code]);
    const sections = real.Module.customSections(new real.Module(bytes), GEMM_SECTION);
    assert.is(sections.length, 1);
    assert.is(String.fromCharCode(...new Uint8Array(sections[0] as ArrayBuffer)), gemmFingerprint(code, kind));
    assert.match(gemmFingerprint(code, kind), new RegExp(`^gemm v2 ${kind} bytes=\\d+ fnv1a=[0-9a-f]{8}$`));
    assert.is.not(gemmFingerprint(code, kind), gemmFingerprint(code.subarray(1), kind));
  }
  assert.is.not(gemmFingerprint(file, 'float32'), gemmFingerprint(file, 'float64'));
});

test('a WebAssembly.Module of gemm.wasm: backendInfo says wasm, and products have the bits of the plain-SIMD GEMM', () => {
  assert.ok(
    wasmBits.some((c, i) => c.some((v, j) => !Object.is(v, (tsBits[i] as Float32Array)[j]))),
    'the WASM and TypeScript kernels should differ somewhere in float32 (else this test shows nothing)',
  );
  const info = useWasmModule(new real.Module(file));
  assert.equal(info, WASM_INFO);
  sameBits(products(), wasmBits, 'module path');
  forceCpuBackend(typescriptBackend);
  sameBits(products(), tsBits, 'forced TypeScript');
  forceCpuBackend(null);
  assert.is(backendInfo().backend, 'wasm');
  sameBits(products(), wasmBits, 'after forceCpuBackend(null)');
  assert.equal(runsHere(), { float32: true, float64: true }, 'float64 compiles here (Node allows it)');
});

test('the bytes work too: Uint8Array, ArrayBuffer and a view into a larger buffer, of either file', () => {
  const padded = new Uint8Array(file.length + 16);
  padded.set(file, 8);
  for (const bytes of [file, file.slice().buffer, new DataView(padded.buffer, 8, file.length), file64]) {
    assert.equal(useWasmModule(bytes), WASM_INFO);
    sameBits(products(), wasmBits, 'bytes');
  }
});

test('a runtime that refuses compiling: backendInfo falls back and its reason names useWasmModule; a precompiled module runs the WASM bits', () => {
  const precompiled = new real.Module(file);
  withWebAssembly(refusing(), () => {
    const info = backendInfo();
    assert.is(info.backend, 'typescript');
    assert.match(info.reason ?? '', /^WebAssembly compilation failed: .*disallowed by embedder.*useWasmModule/);
    sameBits(products(), tsBits, 'fallback');
    assert.throws(
      () => useWasmModule(file),
      (e: unknown) =>
        e instanceof BackendUnavailableError &&
        /refused to compile the bytes .*disallowed.*import gemm from 'scikeras-ts\/gemm\.wasm'/.test(e.message),
    );
    assert.is(backendInfo().backend, 'typescript', 'a refused useWasmModule leaves the fallback in place');
    const { reason, ...rest } = useWasmModule(precompiled);
    assert.equal(rest, WASM_INFO);
    sameBits(products(), wasmBits, 'precompiled module where compiling is refused');
    // No float64 module and no compiling: float64 stays on the TypeScript kernels, and the reason says so.
    assert.match(
      reason ?? '',
      /^float64 products run on the TypeScript kernels: WebAssembly compilation failed: .*disallowed by embedder.*'scikeras-ts\/gemm-f64\.wasm' to useWasmModule\(\)$/,
    );
    assert.is(backendInfo().reason, reason);
    assert.equal(runsHere(), { float32: true, float64: false });
    // The float64 module, handed in next, takes float64 over; float32 keeps gemm.wasm's kernel and bits.
    assert.equal(useWasmModule(new real.Module(file64)), WASM_INFO);
    assert.equal(runsHere(), { float32: true, float64: true });
    sameBits(products(), wasmBits, 'both modules');
  });
});

test('gemm-f64.wasm first where compiling is refused: float32 stays on TypeScript (reason names gemm.wasm) until gemm.wasm comes', () => {
  withWebAssembly(refusing(), () => {
    const info = useWasmModule(new real.Module(file64));
    assert.is(info.backend, 'wasm');
    assert.is(info.fma, false);
    assert.match(
      info.reason ?? '',
      /^float32 products run on the TypeScript kernels: WebAssembly compilation failed: .*'scikeras-ts\/gemm\.wasm' to useWasmModule\(\)$/,
    );
    assert.equal(runsHere(), { float32: false, float64: true });
    sameBits(products(), tsBits, 'float32 on the TypeScript kernels');
    assert.equal(useWasmModule(new real.Module(file)), WASM_INFO);
    assert.equal(runsHere(), { float32: true, float64: true });
    sameBits(products(), wasmBits, 'float32 from gemm.wasm');
  });
});

test('a module handed in that fails its self-check is an error, not a fallback (each file handed in as the other kind)', () => {
  const f32 = new real.Module(buildGemmModule(DEFAULT_BLOCKING));
  const f64 = new real.Module(buildGemmModule(DEFAULT_BLOCKING_F64, { dtype: 'float64' }));
  assert.type(compileWasmGemm(DEFAULT_BLOCKING, { fma: false, modules: { f32, f64 }, eager: true }), 'object');
  assert.is(
    compileWasmGemm(DEFAULT_BLOCKING, { fma: false, modules: { f32: f64 } }),
    'WebAssembly GEMM disagreed with the TypeScript kernel on its self-check',
  );
  assert.is(
    compileWasmGemm(DEFAULT_BLOCKING, { fma: false, modules: { f64: f32 }, eager: true }),
    'the float64 module: WebAssembly GEMM disagreed with the TypeScript kernel on its self-check',
  );
});

test("anything but this version's gemm.wasm or gemm-f64.wasm is refused, saying what came and where to get the module", () => {
  for (const bad of [42, 'gemm.wasm', null, {}, [0, 97, 115, 109]]) {
    assert.throws(
      () => useWasmModule(bad as never),
      (e: unknown) => e instanceof ArgumentError && /module must be a WebAssembly\.Module or the bytes/.test(e.message),
      `argument ${String(bad)}`,
    );
  }
  // The bare emitted GEMM has no fingerprint section; a file whose fingerprint is stale names both expected ones.
  assert.throws(
    () => useWasmModule(new real.Module(buildGemmModule())),
    (e: unknown) => e instanceof ValueError && /section says nothing: it has none/.test(e.message),
  );
  const stale = file.slice();
  stale[stale.length - 1] = stale[stale.length - 1] === 0x30 ? 0x31 : 0x30;
  assert.throws(
    () => useWasmModule(stale),
    (e: unknown) =>
      e instanceof ValueError &&
      /is not the gemm\.wasm or gemm-f64\.wasm of this version .*says 'gemm v2 float32 .*expected 'gemm v2 float32 .*' or 'gemm v2 float64 /.test(
        e.message,
      ),
  );
  // An unrelated valid module: (module) with nothing in it.
  assert.throws(
    () => useWasmModule(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])),
    (e: unknown) => e instanceof ValueError && /section says nothing/.test(e.message),
  );
});

test('no WebAssembly at all: BackendUnavailableError', () => {
  withWebAssembly(undefined, () => {
    assert.throws(
      () => useWasmModule(file),
      (e: unknown) => e instanceof BackendUnavailableError && /WebAssembly is not available/.test(e.message),
    );
    assert.is(backendInfo().backend, 'typescript');
  });
  assert.is(backendInfo().backend, 'wasm');
});

test.run();
