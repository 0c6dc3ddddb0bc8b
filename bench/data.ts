// Benchmark data: deterministic generators (make_classification-style, wide
// 10-class, linear regression) and the digits CSV, all as flat float32. Imports Node fs, src/tensor and src/estimators.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Rng } from '../src/tensor/index.ts';
import { trainTestSplit } from '../src/estimators/index.ts';

/** A row-major float32 matrix with its targets (class index or value per row). */
export interface Matrix {
  x: Float32Array;
  y: Float32Array;
  rows: number;
  features: number;
}

/** The first `rows` rows of `m` (views, no copy). */
export function head(m: Matrix, rows: number): Matrix {
  const r = Math.min(rows, m.rows);
  return { x: m.x.subarray(0, r * m.features), y: m.y.subarray(0, r), rows: r, features: m.features };
}

/** Arguments of {@link classificationSampler}, named after scikit-learn's make_classification. */
export interface ClassificationArgs {
  features: number;
  informative: number;
  redundant: number;
  clustersPerClass: number;
  classSep: number;
  flipY: number;
}

/** Draws `rows` samples from one fixed (seeded) make_classification-style distribution. */
export type ClassificationSampler = (rows: number, seed: number) => Matrix;

/**
 * A two-class make_classification-style distribution: Gaussian clusters on
 * the vertices of a hypercube in the informative dimensions, each with a
 * random covariance, plus redundant linear combinations, noise features, a
 * fraction of flipped labels and a fixed column permutation. The structure is
 * drawn once from `seed`, so W1 (1000 rows) and W5 (100000 rows) share it.
 */
export function classificationSampler(seed: number, a: ClassificationArgs): ClassificationSampler {
  const rng = new Rng(seed);
  const inf = a.informative;
  const clusters = 2 * a.clustersPerClass;
  const vertices = rng.permutation(2 ** inf).subarray(0, clusters);
  const centroids = Array.from(vertices, (v) =>
    Array.from({ length: inf }, (_, j) => (((v >> j) & 1) * 2 - 1) * a.classSep),
  );
  const covariance = Array.from({ length: clusters }, () =>
    Array.from({ length: inf * inf }, () => 2 * rng.float() - 1),
  );
  const redundant = Array.from({ length: inf * a.redundant }, () => 2 * rng.float() - 1);
  const columns = rng.permutation(a.features);
  return (rows, sampleSeed) => {
    const r = new Rng(sampleSeed);
    const x = new Float32Array(rows * a.features);
    const y = new Float32Array(rows);
    const raw = new Float64Array(a.features);
    const z = new Float64Array(inf);
    for (let i = 0; i < rows; i++) {
      const k = r.int(clusters);
      const c = centroids[k] as number[];
      const cov = covariance[k] as number[];
      for (let j = 0; j < inf; j++) z[j] = r.normal();
      for (let j = 0; j < inf; j++) {
        let s = c[j] as number;
        for (let t = 0; t < inf; t++) s += (z[t] as number) * (cov[t * inf + j] as number);
        raw[j] = s;
      }
      for (let j = 0; j < a.redundant; j++) {
        let s = 0;
        for (let t = 0; t < inf; t++) s += (raw[t] as number) * (redundant[t * a.redundant + j] as number);
        raw[inf + j] = s;
      }
      for (let j = inf + a.redundant; j < a.features; j++) raw[j] = r.normal();
      for (let j = 0; j < a.features; j++) x[i * a.features + j] = raw[columns[j] as number] as number;
      // Clusters alternate between the classes, as make_classification assigns them.
      y[i] = r.float() < a.flipY ? r.int(2) : k % 2;
    }
    return { x, y, rows, features: a.features };
  };
}

/** The W1/W5 distribution: make_classification's defaults with 20 features. */
export const W1_ARGS: ClassificationArgs = {
  features: 20,
  informative: 2,
  redundant: 2,
  clustersPerClass: 2,
  classSep: 1,
  flipY: 0.01,
};

/**
 * Wide 10-class data shaped like MNIST (784 features in [0, 1)): each class
 * has a fixed random prototype (30% of features on); a sample is `signal`
 * times its prototype plus (1 - signal) times uniform noise. At 0.2 one epoch
 * on 7680 rows reaches about 0.8 test accuracy and 60000 rows nearly 1, so a
 * framework that does not learn shows. One 24-bit uniform per feature keeps
 * 60000 x 784 fast to generate.
 */
export function wideData(rows: number, features: number, classes: number, seed: number, signal = 0.2): Matrix {
  const rng = new Rng(seed);
  const u = (): number => (rng.uint32() >>> 8) / 16777216;
  const protos = Float32Array.from({ length: classes * features }, () => (u() < 0.3 ? u() : 0));
  const x = new Float32Array(rows * features);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    const c = rng.int(classes);
    y[i] = c;
    const o = i * features;
    const p = c * features;
    for (let j = 0; j < features; j++) x[o + j] = signal * (protos[p + j] as number) + (1 - signal) * u();
  }
  return { x, y, rows, features };
}

/** y = x . w / sqrt(features) + noise * N(0, 1), x and w standard normal. */
export function regressionData(rows: number, features: number, noise: number, seed: number): Matrix {
  const rng = new Rng(seed);
  const w = Array.from({ length: features }, () => rng.normal());
  const x = new Float32Array(rows * features);
  const y = new Float32Array(rows);
  const scale = 1 / Math.sqrt(features);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < features; j++) {
      const v = rng.normal();
      x[i * features + j] = v;
      s += v * (w[j] as number);
    }
    y[i] = s * scale + noise * rng.normal();
  }
  return { x, y, rows, features };
}

/** Splits rows in order: the first `trainRows` train, the rest test. */
export function splitAt(m: Matrix, trainRows: number): [Matrix, Matrix] {
  const f = m.features;
  const test = { x: m.x.subarray(trainRows * f), y: m.y.subarray(trainRows), rows: m.rows - trainRows, features: f };
  return [head(m, trainRows), test];
}

/**
 * scikit-learn's digits (examples/data/digits.csv): a stratified 75/25 split
 * (`trainTestSplit`, randomState 0), standardised with the training mean and
 * population standard deviation (constant columns left at zero).
 */
export function digits(): [Matrix, Matrix] {
  const path = fileURLToPath(new URL('../examples/data/digits.csv', import.meta.url));
  const lines = readFileSync(path, 'utf8').trim().split('\n').slice(1);
  const rowsX = lines.map((l) => l.split(',').map(Number));
  const labels = rowsX.map((r) => r.pop() as number);
  const idx = Array.from(labels, (_, i) => i);
  const [tr, te] = trainTestSplit(idx, { testSize: 0.25, randomState: 0, stratify: labels }) as [number[], number[]];
  const f = (rowsX[0] as number[]).length;
  const mean = new Float64Array(f);
  const sd = new Float64Array(f);
  for (const i of tr) (rowsX[i] as number[]).forEach((v, j) => (mean[j] = (mean[j] as number) + v / tr.length));
  for (const i of tr)
    (rowsX[i] as number[]).forEach((v, j) => (sd[j] = (sd[j] as number) + (v - (mean[j] as number)) ** 2 / tr.length));
  const pack = (ids: number[]): Matrix => {
    const x = new Float32Array(ids.length * f);
    const y = new Float32Array(ids.length);
    ids.forEach((id, r) => {
      y[r] = labels[id] as number;
      (rowsX[id] as number[]).forEach(
        (v, j) => (x[r * f + j] = (v - (mean[j] as number)) / (Math.sqrt(sd[j] as number) || 1)),
      );
    });
    return { x, y, rows: ids.length, features: f };
  };
  return [pack(tr), pack(te)];
}
