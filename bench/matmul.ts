// Matrix-product benchmark (`npx tsx bench/matmul.ts [--quick]`): GFLOP/s per CPU backend and
// gpu.js mode on MLP shapes (forward and both backward products) and squares. Imports src/tensor, src/gpu and gpu.js.

import type { Shape } from './micro.ts';
import { BLOCKED_MIN_WORK, matmulInto } from '../src/tensor/backend.ts';
import { matmulBlocked } from '../src/tensor/kernels/matmul-blocked.ts';
import { matmulReference } from '../src/tensor/kernels/matmul-reference.ts';
import { WASM_MIN_WORK, compileWasmGemm } from '../src/tensor/wasm/index.ts';
import { MatmulKernels } from '../src/gpu/kernels.ts';
import type { GpuJsModule } from '../src/gpu/gpujs-types.ts';

type Kernel = (
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  m: number,
  k: number,
  n: number,
  tA: boolean,
  tB: boolean,
) => void;

type Case = Shape;

const quick = process.argv.includes('--quick');

const wasm = compileWasmGemm();
const kernels: [string, Kernel][] = [
  ['reference', matmulReference],
  ['blocked', matmulBlocked],
];
if (typeof wasm === 'string') console.log(`wasm unavailable: ${wasm}`);
else kernels.push(['wasm', (a, b, c, m, k, n, tA, tB) => void wasm.matmul(a, b, c, m, k, n, tA, tB)]);
kernels.push(['matmulInto', matmulInto]);

// gpu.js: the kernels useGpu({ mode, threshold: 0 }) runs (rows4, one compiled kernel
// per shape), timed end to end: operands copied into gpu.js, the run, the copy into C.
const gpuModes = ['webasm', 'cpu'] as const;
try {
  const { GPU } = (await import('gpu.js')) as unknown as GpuJsModule;
  for (const mode of gpuModes) {
    const gpu = new MatmulKernels(new GPU({ mode }), mode, 'rows4');
    kernels.push([`gpu.js ${mode}`, (a, b, c, m, k, n, tA, tB) => gpu.run(a, b, c, m, k, n, tA, tB)]);
  }
} catch (err) {
  console.log(`gpu.js unavailable: ${(err as Error).message}`);
}
const isGpu = (name: string): boolean => name.startsWith('gpu.js');
const width = (name: string): number => Math.max(12, name.length + 2);

// A Dense layer y = x . W with x (batch x in) and W (in x out) runs
// forward x.W, then dW = x^T . dY and dX = dY . W^T.
function dense(batch: number, inp: number, out: number): Case[] {
  const name = `${batch}x${inp}.${inp}x${out}`;
  return [
    { label: `${name} A.B`, m: batch, k: inp, n: out, tA: false, tB: false },
    { label: `${name} A^T.dY`, m: inp, k: batch, n: out, tA: true, tB: false },
    { label: `${name} dY.B^T`, m: batch, k: out, n: inp, tA: false, tB: true },
  ];
}

const square = (s: number, tA = false, tB = false): Case => ({
  label: `${s}^3${tA || tB ? ` ${tA ? 'T' : 'N'}${tB ? 'T' : 'N'}` : ''}`,
  m: s,
  k: s,
  n: s,
  tA,
  tB,
});

const cases: Case[] = [
  ...dense(32, 20, 100),
  ...dense(200, 64, 100),
  ...dense(256, 784, 512),
  ...[64, 128, 256, 384, 512, ...(quick ? [] : [1024])].map((s) => square(s)),
  square(256, true, true),
  square(512, true, false),
  square(512, false, true),
];

// Milliseconds per call: median over samples, each sample at least `sampleMs` long.
function time(f: () => void, budgetMs: number): number {
  f();
  f();
  const sampleMs = Math.max(1, budgetMs / 15);
  const samples: number[] = [];
  const t0 = performance.now();
  while (samples.length < 3 || (performance.now() - t0 < budgetMs && samples.length < 31)) {
    const s = performance.now();
    let reps = 0;
    do {
      f();
      reps++;
    } while (performance.now() - s < sampleMs);
    samples.push((performance.now() - s) / reps);
  }
  samples.sort((x, y) => x - y);
  return samples[samples.length >> 1] as number;
}

function operands(m: number, k: number, n: number): [Float32Array, Float32Array, Float32Array] {
  let seed = 12345;
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32 - 0.5;
  return [
    Float32Array.from({ length: m * k }, rnd),
    Float32Array.from({ length: k * n }, rnd),
    new Float32Array(m * n),
  ];
}

const pad = (s: string, w: number): string => s.padStart(w);
console.log(`matmul GFLOP/s, float32, one thread (median of samples; node ${process.version})`);
console.log(
  `dispatch: typescript uses blocked from m*k*n >= ${BLOCKED_MIN_WORK}, wasm takes m*k*n >= ${WASM_MIN_WORK}`,
);
if (kernels.some(([name]) => isGpu(name)))
  console.log(
    'gpu.js columns: end to end per call (upload, run, download into C); kernel compilation excluded (warm-up)',
  );
console.log(pad('shape', 26) + kernels.map(([name]) => pad(name, width(name))).join('') + pad('wasm ms', 10));
const started = performance.now();
for (const c of cases) {
  const [a, b, out] = operands(c.m, c.k, c.n);
  const flops = 2 * c.m * c.k * c.n;
  let row = pad(c.label, 26);
  let wasmMs = NaN;
  for (const [name, kernel] of kernels) {
    // The reference (~1.5 GFLOP/s) and gpu.js (~1-4): cap their budget on the big shapes.
    const budget = name === 'reference' || isGpu(name) ? 150 : quick ? 150 : 400;
    const ms = time(() => kernel(a, b, out, c.m, c.k, c.n, c.tA, c.tB), budget);
    if (name === 'wasm') wasmMs = ms;
    row += pad((flops / ms / 1e6).toFixed(2), width(name));
  }
  console.log(row + pad(wasmMs.toFixed(3), 10));
}

// Where each kernel starts to pay: microseconds per call on small products.
console.log('\nsmall products, microseconds per call');
console.log(pad('m x k x n', 26) + kernels.map(([name]) => pad(name, width(name))).join(''));
for (const [m, k, n] of [
  [1, 1, 1],
  [2, 2, 2],
  [4, 4, 4],
  [5, 5, 5],
  [2, 8, 8],
  [8, 1, 8],
  [1, 64, 1],
  [1, 64, 64],
  [8, 8, 8],
  [4, 16, 16],
  [16, 16, 16],
  [8, 32, 32],
  [32, 32, 32],
  [64, 8, 8],
  [32, 20, 100],
] as const) {
  const [a, b, out] = operands(m, k, n);
  let row = pad(`${m}x${k}x${n}`, 26);
  for (const [name, kernel] of kernels)
    row += pad((time(() => kernel(a, b, out, m, k, n, false, false), 40) * 1000).toFixed(3), width(name));
  console.log(row);
}
console.log(`\n(${((performance.now() - started) / 1000).toFixed(1)} s)`);
