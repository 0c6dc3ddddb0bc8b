// The bundled real datasets (scikit-learn 1.2.1's copies): loadIris, loadDigits, loadBreastCancer,
// loadWine, loadDiabetes. The data modules are reached only through dynamic import(), so they stay
// out of every bundle that does not call a loader (the loaders are async for that reason).
// Imports src/core and the packed format.
import { checkOptionNames, optionsOf } from '../core/objects.ts';
import { type PackedDataset, unpackColumns } from './packed.ts';

/** What a loader returns (scikit-learn's Bunch): rows of features, the target, and the names. */
export interface Bunch {
  data: number[][];
  target: number[];
  featureNames: string[];
  /** The class names, in target order (empty for the regression target of loadDiabetes). */
  targetNames: string[];
  /** With `asFrame`: one record per sample, the features and `target` by name. */
  frame?: Record<string, number>[];
}

/** Options of the loaders. */
export interface LoadOptions {
  /** Return [data, target] instead of the Bunch (scikit-learn's `return_X_y`). */
  returnXy?: boolean;
  /** Also return `frame`: the samples as records (the JavaScript data frame). */
  asFrame?: boolean;
}

function toBunch(d: PackedDataset, options: LoadOptions, owner: string): Bunch | [number[][], number[]] {
  checkOptionNames(owner, options, ['returnXy', 'asFrame']);
  const cols = unpackColumns(d);
  const p = cols.length - 1;
  const data = Array.from({ length: d.nSamples }, (_, i) => cols.slice(0, p).map((c) => c[i] as number));
  const target = Array.from(cols[p] as Float64Array);
  if (options.returnXy) return [data, target];
  const featureNames = d.names.slice(0, p);
  const bunch: Bunch = { data, target, featureNames, targetNames: d.targetNames.slice() };
  if (options.asFrame)
    bunch.frame = data.map((row, i) => {
      const r: Record<string, number> = {};
      featureNames.forEach((f, j) => (r[f] = row[j] as number));
      r.target = target[i] as number;
      return r;
    });
  return bunch;
}

// `asFrame: true` has its own signature so that `frame` is typed present, as it is at run time.
type Loader = {
  (options: LoadOptions & { returnXy: true }): Promise<[number[][], number[]]>;
  (options: LoadOptions & { returnXy?: false; asFrame: true }): Promise<Bunch & { frame: Record<string, number>[] }>;
  (options?: LoadOptions & { returnXy?: false }): Promise<Bunch>;
};

function loader(owner: string, load: () => Promise<PackedDataset>): Loader {
  return (async (options?: LoadOptions | null) => {
    const o = optionsOf(owner, options);
    return toBunch(await load(), o, owner);
  }) as Loader;
}

/**
 * The iris dataset (150 samples, 4 features, 3 classes: setosa, versicolor, virginica), as scikit-learn's
 * load_iris. Async: the data loads on first use.
 *
 * @example
 * const { data, target, featureNames, targetNames } = await loadIris();
 * const [X, y] = await loadIris({ returnXy: true });
 */
export const loadIris: Loader = loader('loadIris', async () => (await import('./data/iris.ts')).IRIS);

/**
 * The digits dataset (1797 8x8 images of the digits 0-9, pixel counts 0-16), as scikit-learn's load_digits.
 *
 * @example
 * const { data, target } = await loadDigits();
 */
export const loadDigits: Loader = loader('loadDigits', async () => (await import('./data/digits.ts')).DIGITS);

/**
 * The breast cancer Wisconsin (diagnostic) dataset (569 samples, 30 features; 0 malignant, 1 benign), as
 * scikit-learn's load_breast_cancer. Scales differ widely: standardize before an MLP.
 *
 * @example
 * const [X, y] = await loadBreastCancer({ returnXy: true });
 */
export const loadBreastCancer: Loader = loader(
  'loadBreastCancer',
  async () => (await import('./data/breast-cancer.ts')).BREAST_CANCER,
);

/**
 * The wine dataset (178 samples, 13 chemical measurements, 3 cultivars), as scikit-learn's load_wine.
 *
 * @example
 * const { data, target, targetNames } = await loadWine();
 */
export const loadWine: Loader = loader('loadWine', async () => (await import('./data/wine.ts')).WINE);

/**
 * The diabetes regression dataset (442 samples, 10 mean-centred and scaled features, disease progression
 * as target), as scikit-learn's load_diabetes (scaled=True). `targetNames` is empty.
 *
 * @example
 * const [X, y] = await loadDiabetes({ returnXy: true });
 */
export const loadDiabetes: Loader = loader('loadDiabetes', async () => (await import('./data/diabetes.ts')).DIABETES);
