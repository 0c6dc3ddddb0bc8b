// Loading the bundled CSV datasets (examples/data) for the examples.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Dataset<L> {
  X: number[][];
  y: L[];
  featureNames: string[];
}

export function loadDataset(name: 'iris_strings'): Dataset<string>;
export function loadDataset(name: 'iris' | 'digits' | 'breast_cancer' | 'wine' | 'diabetes'): Dataset<number>;
export function loadDataset(name: string): Dataset<number | string> {
  const text = readFileSync(fileURLToPath(new URL(`./data/${name}.csv`, import.meta.url)), 'utf8').trim();
  const [head, ...lines] = text.split('\n');
  const X: number[][] = [];
  const y: Array<number | string> = [];
  for (const line of lines) {
    const cells = line.split(',');
    const target = cells.pop() as string;
    X.push(cells.map(Number));
    y.push(name === 'iris_strings' ? target : Number(target));
  }
  return { X, y, featureNames: (head as string).split(',').slice(0, -1) };
}

/** Standardises every column to zero mean and unit (population) variance. */
export function standardScale(X: number[][]): number[][] {
  const d = (X[0] as number[]).length;
  const mean = new Array<number>(d).fill(0),
    sd = new Array<number>(d).fill(0);
  for (const r of X) r.forEach((v, j) => (mean[j] = (mean[j] as number) + v / X.length));
  for (const r of X) r.forEach((v, j) => (sd[j] = (sd[j] as number) + (v - (mean[j] as number)) ** 2 / X.length));
  return X.map((r) => r.map((v, j) => (v - (mean[j] as number)) / (Math.sqrt(sd[j] as number) || 1)));
}
