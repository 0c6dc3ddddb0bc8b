// Loads the bundled CSV datasets (examples/data) for tests.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Dataset {
  X: number[][];
  y: number[];
  header: string[];
}

export function loadCsv(name: string): Dataset {
  const path = fileURLToPath(new URL(`../../examples/data/${name}.csv`, import.meta.url));
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const X: number[][] = [];
  const y: number[] = [];
  for (const line of lines) {
    const v = line.split(',').map(Number);
    y.push(v.pop() as number);
    X.push(v);
  }
  return { X, y, header: (head as string).split(',') };
}

/** Deterministic stratified split: every 4th sample of each class goes to the test set. */
export function splitEveryFourth(d: Dataset): { Xtr: number[][]; ytr: number[]; Xte: number[][]; yte: number[] } {
  const seen = new Map<number, number>();
  const out = { Xtr: [] as number[][], ytr: [] as number[], Xte: [] as number[][], yte: [] as number[] };
  d.X.forEach((row, i) => {
    const c = d.y[i] as number;
    const k = (seen.get(c) ?? 0) + 1;
    seen.set(c, k);
    if (k % 4 === 0) {
      out.Xte.push(row);
      out.yte.push(c);
    } else {
      out.Xtr.push(row);
      out.ytr.push(c);
    }
  });
  return out;
}

/** Standardises columns with the training mean and population std. */
export function standardize(train: number[][], ...others: number[][][]): number[][][] {
  const d = (train[0] as number[]).length;
  const mean = new Array(d).fill(0),
    sd = new Array(d).fill(0);
  for (const r of train) r.forEach((v, j) => (mean[j] += v / train.length));
  for (const r of train) r.forEach((v, j) => (sd[j] += (v - mean[j]) ** 2 / train.length));
  const s = sd.map((v) => Math.sqrt(v) || 1);
  const f = (m: number[][]) => m.map((r) => r.map((v, j) => (v - mean[j]) / s[j]));
  return [f(train), ...others.map(f)];
}
