// makeClassification: scikit-learn 1.2.1's make_classification (clusters on the vertices of a
// hypercube, random covariances, redundant / repeated / useless features, label noise, shift, scale,
// shuffles), drawing from our seeded Rng in scikit-learn's order. Imports src/core, tensor, utils and shapes.
import { ValueError, describe } from '../core/errors.ts';
import { checkOptionNames, optionsOf } from '../core/objects.ts';
import { bool, either, interval, nullable, satisfies, validateParams } from '../core/param-validation.ts';
import type { Rng } from '../tensor/rng.ts';
import { seedRng, type RandomState } from '../estimators/utils/random.ts';
import { type Dataset, shuffleRows } from './shapes.ts';

/** Options of {@link makeClassification} (scikit-learn's parameters, camelCase, with its defaults). */
export interface MakeClassificationOptions {
  nSamples?: number;
  nFeatures?: number;
  /** Features carrying the classes (default 2). */
  nInformative?: number;
  /** Random linear combinations of the informative features (default 2). */
  nRedundant?: number;
  /** Copies of informative or redundant features (default 0). */
  nRepeated?: number;
  nClasses?: number;
  nClustersPerClass?: number;
  /** Class proportions (nClasses, or nClasses - 1 with the last implied); default balanced. */
  weights?: readonly number[] | null;
  /** Fraction of labels assigned at random (default 0.01). */
  flipY?: number;
  /** Hypercube size factor: larger spreads the classes apart (default 1). */
  classSep?: number;
  /** Clusters on the vertices of a hypercube (default true), else of a random polytope. */
  hypercube?: boolean;
  /** Added to every feature: a number, one per feature, or null for random shifts in [-classSep, classSep]. */
  shift?: number | readonly number[] | null;
  /** Multiplies every feature (after shift): a number, one per feature, or null for random scales in [1, 101]. */
  scale?: number | readonly number[] | null;
  shuffle?: boolean;
  randomState?: RandomState;
}

const KEYS = [
  'nSamples',
  'nFeatures',
  'nInformative',
  'nRedundant',
  'nRepeated',
  'nClasses',
  'nClustersPerClass',
  'weights',
  'flipY',
  'classSep',
  'hypercube',
  'shift',
  'scale',
  'shuffle',
  'randomState',
] as const;

/** scikit-learn's `sample_without_replacement` (tracking selection): k distinct ints in [0, n). */
function sampleWithoutReplacement(n: number, k: number, rng: Rng): number[] {
  const seen = new Set<number>();
  const out: number[] = [];
  while (out.length < k) {
    const j = rng.int(n);
    if (seen.has(j)) continue;
    seen.add(j);
    out.push(j);
  }
  return out;
}

/** scikit-learn's `_generate_hypercube`: `samples` distinct vertices of the unit hypercube in `dims` dimensions. */
function hypercubeVertices(samples: number, dims: number, rng: Rng): number[][] {
  if (dims > 30) {
    const head = Array.from({ length: samples }, () => Array.from({ length: dims - 30 }, () => rng.int(2)));
    const tail = hypercubeVertices(samples, 30, rng);
    return head.map((h, i) => [...h, ...(tail[i] as number[])]);
  }
  // dims <= 30: the vertices are the bits of ints below 2^dims (integer shifts, exact everywhere).
  return sampleWithoutReplacement(1 << dims, samples, rng).map((v) =>
    Array.from({ length: dims }, (_, b) => (v >>> (dims - 1 - b)) & 1),
  );
}

const uniformRows = (rng: Rng, n: number, d: number): number[][] =>
  Array.from({ length: n }, () => Array.from({ length: d }, () => rng.float()));

function perFeature(v: number | readonly number[], d: number, what: string): number[] {
  if (typeof v === 'number') return new Array<number>(d).fill(v);
  if (v.length !== d)
    throw new ValueError(`makeClassification: ${what} must have one value per feature (${d}); got ${v.length}.`);
  return v.slice();
}

/**
 * A random n-class classification problem (scikit-learn's make_classification): Gaussian clusters on
 * the vertices of a hypercube in the informative features, with redundant, repeated and noise features.
 * Same seed, same data on every runtime (our generator, not NumPy's).
 *
 * @example
 * const [X, y] = makeClassification({ nSamples: 500, nFeatures: 10, nInformative: 4, nClasses: 3, randomState: 0 });
 */
export function makeClassification(options: MakeClassificationOptions = {}): Dataset {
  options = optionsOf('makeClassification', options);
  checkOptionNames('makeClassification', options, KEYS);
  const o = {
    nSamples: 100,
    nFeatures: 20,
    nInformative: 2,
    nRedundant: 2,
    nRepeated: 0,
    nClasses: 2,
    nClustersPerClass: 2,
    weights: null as readonly number[] | null,
    flipY: 0.01,
    classSep: 1,
    hypercube: true,
    shift: 0 as number | readonly number[] | null,
    scale: 1 as number | readonly number[] | null,
    shuffle: true,
    randomState: null as RandomState,
    ...options,
  };
  const numbers = satisfies('an array of numbers', (v) => Array.isArray(v) && v.every((x) => typeof x === 'number'));
  validateParams('makeClassification', o, {
    nSamples: interval('int', '[1, inf)'),
    nFeatures: interval('int', '[1, inf)'),
    nInformative: interval('int', '[1, inf)'),
    nRedundant: interval('int', '[0, inf)'),
    nRepeated: interval('int', '[0, inf)'),
    nClasses: interval('int', '[1, inf)'),
    nClustersPerClass: interval('int', '[1, inf)'),
    weights: nullable(numbers),
    flipY: interval('float', '[0, 1]'),
    classSep: interval('float', '(0, inf)'),
    hypercube: bool,
    shift: nullable(either(interval('float', '(-inf, inf)'), numbers)),
    scale: nullable(either(interval('float', '(0, inf)'), numbers)),
    shuffle: bool,
  });
  const { nSamples, nFeatures, nInformative, nRedundant, nRepeated, nClasses, nClustersPerClass, classSep } = o;
  if (nInformative + nRedundant + nRepeated > nFeatures)
    throw new ValueError(
      'Number of informative, redundant and repeated features must sum to less than the number of total features',
    );
  // scikit-learn's n_informative < log2(n_classes * n_clusters_per_class), in integers.
  const vertices = nInformative < 31 ? 1 << nInformative : Infinity;
  if (vertices < nClasses * nClustersPerClass)
    throw new ValueError(
      `n_classes(${nClasses}) * n_clusters_per_class(${nClustersPerClass}) must be smaller or equal ` +
        `2**n_informative(${nInformative})=${vertices}`,
    );
  let weights: number[];
  if (o.weights !== null) {
    if (o.weights.length !== nClasses && o.weights.length !== nClasses - 1)
      throw new ValueError(`Weights specified but incompatible with number of classes. Got ${describe(o.weights)}.`);
    weights = o.weights.slice();
    if (weights.length === nClasses - 1) weights.push(1 - weights.reduce((s, w) => s + w, 0));
  } else weights = new Array<number>(nClasses).fill(1 / nClasses);
  const rng = seedRng(o.randomState, 'makeClassification');
  const nUseless = nFeatures - nInformative - nRedundant - nRepeated;
  const nClusters = nClasses * nClustersPerClass;
  const perCluster = Array.from({ length: nClusters }, (_, k) =>
    Math.trunc((nSamples * (weights[k % nClasses] as number)) / nClustersPerClass),
  );
  const missing = nSamples - perCluster.reduce((s, v) => s + v, 0);
  for (let i = 0; i < missing; i++) perCluster[i % nClusters] = (perCluster[i % nClusters] as number) + 1;

  const centroids = hypercubeVertices(nClusters, nInformative, rng).map((r) =>
    r.map((v) => v * 2 * classSep - classSep),
  );
  if (!o.hypercube) {
    const a = uniformRows(rng, nClusters, 1),
      b = uniformRows(rng, 1, nInformative)[0] as number[];
    centroids.forEach((r, k) => r.forEach((v, j) => (r[j] = v * ((a[k] as number[])[0] as number) * (b[j] as number))));
  }
  const X: number[][] = Array.from({ length: nSamples }, () => new Array<number>(nFeatures).fill(0));
  for (const row of X) for (let j = 0; j < nInformative; j++) row[j] = rng.normal();
  const y = new Array<number>(nSamples).fill(0);
  let stop = 0;
  centroids.forEach((centroid, k) => {
    const start = stop;
    stop += perCluster[k] as number;
    const A = uniformRows(rng, nInformative, nInformative).map((r) => r.map((v) => 2 * v - 1));
    for (let i = start; i < stop; i++) {
      y[i] = k % nClasses;
      const row = X[i] as number[];
      const xi = row.slice(0, nInformative);
      for (let j = 0; j < nInformative; j++) {
        let s = 0;
        for (let l = 0; l < nInformative; l++) s += (xi[l] as number) * ((A[l] as number[])[j] as number);
        row[j] = s + (centroid[j] as number);
      }
    }
  });
  if (nRedundant > 0) {
    const B = uniformRows(rng, nInformative, nRedundant).map((r) => r.map((v) => 2 * v - 1));
    for (const row of X)
      for (let j = 0; j < nRedundant; j++) {
        let s = 0;
        for (let l = 0; l < nInformative; l++) s += (row[l] as number) * ((B[l] as number[])[j] as number);
        row[nInformative + j] = s;
      }
  }
  if (nRepeated > 0) {
    const n = nInformative + nRedundant;
    const idx = Array.from({ length: nRepeated }, () => Math.trunc((n - 1) * rng.float() + 0.5));
    for (const row of X) idx.forEach((c, j) => (row[n + j] = row[c] as number));
  }
  if (nUseless > 0) for (const row of X) for (let j = nFeatures - nUseless; j < nFeatures; j++) row[j] = rng.normal();
  // All the flip draws first, then the new labels (scikit-learn's order of draws).
  const flip = Array.from({ length: nSamples }, () => rng.float() < o.flipY);
  for (let i = 0; i < nSamples; i++) if (flip[i]) y[i] = rng.int(nClasses);
  const shift =
    o.shift === null
      ? Array.from({ length: nFeatures }, () => (2 * rng.float() - 1) * classSep)
      : perFeature(o.shift, nFeatures, 'shift');
  for (const row of X) for (let j = 0; j < nFeatures; j++) row[j] = (row[j] as number) + (shift[j] as number);
  const scale =
    o.scale === null
      ? Array.from({ length: nFeatures }, () => 1 + 100 * rng.float())
      : perFeature(o.scale, nFeatures, 'scale');
  for (const row of X) for (let j = 0; j < nFeatures; j++) row[j] = (row[j] as number) * (scale[j] as number);
  if (!o.shuffle) return [X, y];
  const [Xs, ys] = shuffleRows(X, y, rng);
  const cols = rng.shuffle(Array.from({ length: nFeatures }, (_, j) => j));
  return [Xs.map((row) => cols.map((c) => row[c] as number)), ys];
}
