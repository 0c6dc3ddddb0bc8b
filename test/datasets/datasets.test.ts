// scikeras-ts/datasets against scikit-learn 1.2.1 (test/fixtures/datasets.json, made by
// scripts/fixtures/make_dataset_fixtures.py): the unshuffled, noiseless moons and circles point for point,
// class and blob counts, shapes, the loaders' data against the CSV files (exact float64) and their names,
// determinism from a seed, the generators' structure, and messages.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  loadBreastCancer,
  loadDiabetes,
  loadDigits,
  loadIris,
  loadWine,
  makeBlobs,
  makeCircles,
  makeClassification,
  makeMoons,
  makeRegression,
} from '../../src/datasets/index.ts';
import { Rng } from '../../src/tensor/rng.ts';
import { allclose } from '../helpers/allclose.ts';
import { loadCsv } from '../helpers/data.ts';

interface Fixture {
  curves: {
    fn: 'make_moons' | 'make_circles';
    kwargs: { n_samples: number | [number, number]; factor?: number };
    X: number[][];
    y: number[];
  }[];
  classification: { kwargs: Record<string, unknown>; shape: [number, number]; class_counts: number[] }[];
  blobs: { kwargs: Record<string, unknown>; shape: [number, number]; counts: number[] }[];
  loaders: Record<
    string,
    { shape: [number, number]; feature_names: string[]; target_names: string[]; target_sum: number; data_sum: number }
  >;
  errors: Record<'classification_sum' | 'classification_clusters' | 'circles_factor', string>;
}
const fx = JSON.parse(readFileSync(new URL('../fixtures/datasets.json', import.meta.url), 'utf8')) as Fixture;
const camel = (kw: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(kw).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v]),
  );
const bincount = (y: number[]): number[] => {
  const out: number[] = [];
  for (const v of y) out[v] = (out[v] ?? 0) + 1;
  return Array.from(out, (c) => c ?? 0);
};
const messageOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
};

test('makeMoons and makeCircles without shuffle or noise equal scikit-learn point for point', () => {
  let worst = 0;
  for (const c of fx.curves) {
    const o = { ...camel(c.kwargs), shuffle: false, noise: null };
    const [X, y] = c.fn === 'make_moons' ? makeMoons(o as never) : makeCircles(o as never);
    assert.equal(y, c.y);
    worst = Math.max(worst, allclose(X, c.X, { atol: 4.5e-16, rtol: 0, msg: c.fn }));
  }
  console.log(`  moons / circles vs scikit-learn 1.2.1: max abs diff ${worst.toExponential(2)} (libm ulps)`);
});

test('makeClassification: shapes and class counts (flipY 0) equal scikit-learn; labels are flipped at the flipY rate', () => {
  for (const c of fx.classification) {
    const [X, y] = makeClassification({ ...camel(c.kwargs), flipY: 0, randomState: 0 } as never);
    assert.equal([X.length, X[0]!.length], c.shape);
    assert.equal(bincount(y), c.class_counts, JSON.stringify(c.kwargs));
  }
  const [, clean] = makeClassification({ nSamples: 2000, flipY: 0, shuffle: false, randomState: 3 });
  const [, noisy] = makeClassification({ nSamples: 2000, flipY: 0.3, shuffle: false, randomState: 3 });
  const changed = noisy.filter((v, i) => v !== clean[i]).length / 2000;
  assert.ok(changed > 0.1 && changed < 0.2, `about half of the 30 % flipped labels change class (${changed})`);
});

test('makeClassification: informative features separate the classes, redundant ones are their linear combinations', () => {
  const [X, y] = makeClassification({
    nSamples: 400,
    nFeatures: 5,
    nInformative: 2,
    nRedundant: 2,
    nRepeated: 1,
    flipY: 0,
    shuffle: false,
    classSep: 2,
    randomState: 0,
  });
  // Repeated column 4 copies one of columns 0..3.
  assert.ok([0, 1, 2, 3].some((j) => X.every((r) => r[4] === r[j])));
  // Redundant columns lie in the span of the informative ones: least squares on columns 0, 1 fits them exactly.
  const fit = (col: number): number => {
    let a = 0,
      b = 0,
      c = 0,
      d = 0,
      e = 0;
    for (const r of X) {
      a += r[0]! * r[0]!;
      b += r[0]! * r[1]!;
      c += r[1]! * r[1]!;
      d += r[0]! * r[col]!;
      e += r[1]! * r[col]!;
    }
    const det = a * c - b * b;
    const w0 = (d * c - b * e) / det,
      w1 = (a * e - b * d) / det;
    return Math.max(...X.map((r) => Math.abs(r[col]! - w0 * r[0]! - w1 * r[1]!)));
  };
  assert.ok(fit(2) < 1e-9 && fit(3) < 1e-9);
  const mean = (k: number): number => X.filter((_, i) => y[i] === k).reduce((s, r) => s + r[0]! + r[1]!, 0);
  assert.ok(Math.abs(mean(0) - mean(1)) > 100, 'the classes are apart');
});

test('makeBlobs: counts and shapes equal scikit-learn; blobs sit at their centers with their spread', () => {
  for (const c of fx.blobs) {
    const [X, y] = makeBlobs({ ...camel(c.kwargs), randomState: 0 } as never);
    assert.equal([X.length, X[0]!.length], c.shape);
    assert.equal(bincount(y), c.counts);
  }
  const [X, y, centers] = makeBlobs({
    nSamples: 3000,
    centers: 3,
    clusterStd: [0.5, 1, 2],
    returnCenters: true,
    randomState: 1,
  });
  centers.forEach((center, k) => {
    const rows = X.filter((_, i) => y[i] === k);
    const m = center.map((_, j) => rows.reduce((s, r) => s + r[j]!, 0) / rows.length);
    allclose(m, center, { atol: 0.15, rtol: 0 });
    const sd = Math.sqrt(rows.reduce((s, r) => s + (r[0]! - m[0]!) ** 2, 0) / rows.length);
    assert.ok(Math.abs(sd - [0.5, 1, 2][k]!) < 0.15 * [0.5, 1, 2][k]!, `std of blob ${k}: ${sd}`);
  });
});

test('makeRegression: y = X coef + bias exactly without noise, informative columns only; effectiveRank gives a low-rank X', () => {
  const [X, y, coef] = makeRegression({
    nSamples: 30,
    nFeatures: 6,
    nInformative: 3,
    bias: 2.5,
    coef: true,
    randomState: 4,
  }) as [number[][], number[], number[]];
  assert.is(coef.filter((c) => c !== 0).length, 3);
  allclose(
    y,
    X.map((r) => r.reduce((s, v, j) => s + v * coef[j]!, 0) + 2.5),
    { atol: 1e-12, rtol: 1e-12 },
  );
  const [, y2] = makeRegression({ nSamples: 30, nFeatures: 6, nInformative: 3, bias: 2.5, noise: 1, randomState: 4 });
  assert.not.equal(y2, y);
  const [Xl] = makeRegression({ nSamples: 50, nFeatures: 20, effectiveRank: 2, tailStrength: 0, randomState: 0 });
  // Singular values (1 - tail) * exp(-(i / rank)^2): the Frobenius norm^2 is their sum of squares.
  const fro = Xl.reduce((s, r) => s + r.reduce((t, v) => t + v * v, 0), 0);
  const expected = Array.from({ length: 20 }, (_, i) => Math.exp(-((i / 2) ** 2)) ** 2).reduce((s, v) => s + v, 0);
  allclose(fro, expected, { atol: 0, rtol: 1e-10 });
  const [, Y] = makeRegression({ nSamples: 5, nFeatures: 3, nTargets: 2, randomState: 0 });
  assert.is((Y as number[][])[0]!.length, 2);
});

test('same seed, same data; an Rng is shared and advances', () => {
  assert.equal(makeClassification({ randomState: 7 }), makeClassification({ randomState: 7 }));
  assert.equal(
    makeRegression({ randomState: 7, effectiveRank: 3 }),
    makeRegression({ randomState: 7, effectiveRank: 3 }),
  );
  assert.not.equal(makeMoons({ randomState: 1, noise: 0.1 }), makeMoons({ randomState: 2, noise: 0.1 }));
  const rng = new Rng(5);
  assert.not.equal(makeBlobs({ randomState: rng }), makeBlobs({ randomState: rng }));
});

test('the generators use only operations that are exact on every engine (the seeded Rng, portable exp / sin / cos)', () => {
  // Math.exp, Math.sin, Math.log, ... and ** may differ in the last bit between JavaScript engines.
  const dir = new URL('../../src/datasets/', import.meta.url);
  for (const f of ['shapes.ts', 'classification.ts', 'regression.ts']) {
    const code = readFileSync(new URL(f, dir), 'utf8')
      .replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')
      .replace(/'[^'\n]*'|`[^`]*`/g, "''");
    assert.equal(code.match(/Math\.(exp|expm1|log\w*|sin\w*|cos\w*|tan\w*|pow|cbrt|hypot|atan\w*)\b|\*\*/g), null, f);
  }
});

test("the generators' messages", () => {
  assert.is(
    messageOf(() => makeClassification({ nFeatures: 3, nInformative: 2, nRedundant: 2 })),
    fx.errors.classification_sum,
  );
  assert.is(
    messageOf(() => makeClassification({ nInformative: 2, nClasses: 3, nClustersPerClass: 2 })),
    fx.errors.classification_clusters,
  );
  assert.ok(messageOf(() => makeCircles({ factor: 1 })).startsWith(fx.errors.circles_factor));
  assert.is(
    messageOf(() => makeMoons({ nSamples: 0 })),
    "The 'nSamples' parameter of makeMoons must be an int in the range [1, inf) or an array of two ints. Got 0 instead.",
  );
  assert.match(
    messageOf(() => makeBlobs({ nSamples: 5, nsamples: 3 } as never)),
    /makeBlobs: unknown option 'nsamples'/,
  );
});

const LOADERS = {
  iris: loadIris,
  digits: loadDigits,
  breast_cancer: loadBreastCancer,
  wine: loadWine,
  diabetes: loadDiabetes,
} as const;

for (const [name, load] of Object.entries(LOADERS)) {
  test(`load${name}: data and target equal the CSV (scikit-learn's float64) exactly; names equal scikit-learn's`, async () => {
    const b = await load();
    const csv = loadCsv(name);
    assert.equal(b.data, csv.X);
    assert.equal(b.target, csv.y);
    const f = fx.loaders[name]!;
    assert.equal([b.data.length, b.data[0]!.length], f.shape);
    assert.equal(b.featureNames, f.feature_names);
    assert.equal(b.targetNames, f.target_names);
    const [X, y] = await load({ returnXy: true });
    assert.equal(X, b.data);
    assert.equal(y, b.target);
  });
}

test('asFrame gives records (the JavaScript data frame) with the features and target by name', async () => {
  const b = await loadIris({ asFrame: true });
  // No `!`: with asFrame the type says frame is there (tsconfig.test.json type-checks this file).
  assert.equal(b.frame[0], {
    'sepal length (cm)': 5.1,
    'sepal width (cm)': 3.5,
    'petal length (cm)': 1.4,
    'petal width (cm)': 0.2,
    target: 0,
  });
  await assert.not.throws(async () => loadWine());
  let msg = '';
  try {
    await loadIris({ return_X_y: true } as never);
  } catch (e) {
    msg = (e as Error).message;
  }
  assert.match(msg, /loadIris: unknown option 'return_X_y'/);
});

test.run();
