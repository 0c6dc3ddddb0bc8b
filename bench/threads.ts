// Thread-pool crossover (`npx tsx bench/threads.ts [threads]`): GFLOP/s of each product on one thread and
// split across a pool (minWork 1, so every product splits), interleaved, median of rounds; where the
// ratio passes 1 is the split threshold (THREADS_MIN_WORK). Imports src/tensor and src/threads.

import { matmulInto } from '../src/tensor/index.ts';
import { useSingleThread, useThreads } from '../src/threads/index.ts';

const threads = Number(process.argv[2] ?? 2);
const rounds = 7;
// The W1-W4 layers' forward and backward products, then squares.
const shapes: [number, number, number, boolean, boolean][] = [
  [32, 20, 100, false, false],
  [20, 32, 100, true, false],
  [32, 100, 20, false, true],
  [32, 100, 1, false, false],
  [200, 64, 100, false, false],
  [64, 200, 100, true, false],
  [200, 50, 100, false, false],
  [256, 784, 512, false, false],
  [784, 256, 512, true, false],
  [256, 512, 784, false, true],
  [256, 512, 256, false, false],
  [512, 256, 256, true, false],
  [256, 256, 10, false, false],
  [32, 32, 32, false, false],
  [48, 48, 48, false, false],
  [64, 64, 64, false, false],
  [96, 96, 96, false, false],
  [128, 128, 128, false, false],
  [256, 256, 256, false, false],
  [512, 512, 512, false, false],
];
console.log(`GFLOP/s, one thread vs ${threads} threads (every product split), median of ${rounds} interleaved rounds`);
for (const [m, k, n, tA, tB] of shapes) {
  let seed = 7;
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32 - 0.5;
  const a = Float32Array.from({ length: m * k }, rnd),
    b = Float32Array.from({ length: k * n }, rnd),
    c = new Float32Array(m * n);
  const flops = 2 * m * k * n;
  const reps = Math.max(1, Math.round(2e7 / flops));
  const time = (): number => {
    const t = performance.now();
    for (let q = 0; q < reps; q++) matmulInto(a, b, c, m, k, n, tA, tB);
    return (flops * reps) / (performance.now() - t) / 1e6;
  };
  const one: number[] = [],
    many: number[] = [];
  for (let r = 0; r < rounds; r++) {
    useSingleThread();
    time();
    one.push(time());
    await useThreads({ threads, minWork: 1 });
    time();
    many.push(time());
  }
  useSingleThread();
  const med = (v: number[]): number => v.sort((x, y) => x - y)[v.length >> 1] as number;
  const label = `${m}x${k}x${n}${tA ? ' tA' : ''}${tB ? ' tB' : ''}`;
  console.log(
    `${label.padEnd(18)} ${String(m * k * n).padStart(10)} MACs  1: ${med(one).toFixed(1).padStart(5)}  ${threads}: ${med(many).toFixed(1).padStart(5)}  x${(med(many) / med(one)).toFixed(2)}`,
  );
}
