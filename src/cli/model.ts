// The model the command line and the playground train on a table: a Pipeline of a ColumnTransformer (numbers
// imputed with their mean and standardized; text imputed with its most frequent value and one-hot encoded)
// and an MLPClassifier / MLPRegressor, so the saved model takes raw rows. Holding out rows, fitting with
// per-iteration progress, scoring, and reading the columns back from a saved model. Portable; imports the
// library's public entry, the table and the progress reader.

import {
  ColumnTransformer,
  MLPClassifier,
  MLPRegressor,
  OneHotEncoder,
  Pipeline,
  SimpleImputer,
  StandardScaler,
  accuracyScore,
  classificationReport,
  confusionMatrix,
  estimatorFromJSON,
  isClassifier,
  makePipeline,
  r2Score,
  trainTestSplit,
} from '../index.ts';
import { UsageError } from './errors.ts';
import { captureIterations, type IterationReport } from './progress.ts';
import type { Feature, FeatureFrame, Task } from './table.ts';

export type Solver = 'adam' | 'sgd' | 'lbfgs';

/** What the user chose for the network. */
export interface ModelOptions {
  task: Task;
  /** Sizes of the hidden layers (scikit-learn's hiddenLayerSizes). */
  hidden: number[];
  solver: Solver;
  maxIter: number;
  randomState: number;
  /** Hold out scikit-learn's validationFraction of the training rows and stop when their score stalls. */
  earlyStopping: boolean;
}

/** The step names of the Pipeline (`model.json` readers find the steps by them). */
export const STEP_COLUMNS = 'columns';
export const STEP_MODEL = 'mlp';
/** The ColumnTransformer's branches. */
export const BRANCH_NUMBERS = 'numbers';
export const BRANCH_TEXT = 'text';

/** The Pipeline for these features: typed column preprocessing, then the MLP for the task. */
export function buildModel(features: readonly Feature[], o: ModelOptions): Pipeline {
  const numbers = features.filter((f) => f.kind === 'number').map((f) => f.name);
  const text = features.filter((f) => f.kind === 'text').map((f) => f.name);
  const branches: Array<[string, Pipeline, string[]]> = [];
  if (numbers.length > 0)
    branches.push([
      BRANCH_NUMBERS,
      makePipeline(new SimpleImputer({ strategy: 'mean' }), new StandardScaler()),
      numbers,
    ]);
  if (text.length > 0)
    branches.push([
      BRANCH_TEXT,
      makePipeline(new SimpleImputer({ strategy: 'most_frequent' }), new OneHotEncoder({ handleUnknown: 'ignore' })),
      text,
    ]);
  if (branches.length === 0) throw new UsageError('there is no feature column left to learn from');
  const params = {
    hiddenLayerSizes: o.hidden,
    solver: o.solver,
    maxIter: o.maxIter,
    randomState: o.randomState,
    earlyStopping: o.earlyStopping,
  };
  const mlp = o.task === 'classification' ? new MLPClassifier(params) : new MLPRegressor(params);
  return new Pipeline({
    steps: [
      [STEP_COLUMNS, new ColumnTransformer({ transformers: branches })],
      [STEP_MODEL, mlp],
    ],
  });
}

/**
 * Splits row positions 0..n-1 into training and held-out rows with trainTestSplit (stratified by label for
 * classification). `testSize` is a fraction in (0, 1) or a row count. A class with a single row cannot be
 * stratified: that is an error naming it.
 */
export function holdOut(
  y: ReadonlyArray<number | string>,
  task: Task,
  testSize: number,
  randomState: number,
): { train: number[]; test: number[] } {
  const positions = y.map((_, i) => i);
  if (task === 'classification') {
    const counts = new Map<number | string, number>();
    for (const v of y) counts.set(v, (counts.get(v) ?? 0) + 1);
    const single = [...counts].filter(([, c]) => c < 2).map(([v]) => JSON.stringify(v));
    if (single.length > 0)
      throw new UsageError(
        `the class${single.length === 1 ? '' : 'es'} ${single.slice(0, 5).join(', ')} ${single.length === 1 ? 'has' : 'have'} a single row; ` +
          'a stratified hold-out needs at least two rows of each class',
      );
  }
  const [train, test] = trainTestSplit(positions, {
    testSize,
    randomState,
    stratify: task === 'classification' ? (y.slice() as string[]) : null,
  }) as [number[], number[]];
  return { train, test };
}

/** The fitted MLP at the end of the Pipeline. */
export function finalEstimator(pipe: Pipeline): MLPClassifier | MLPRegressor {
  const last = pipe.steps[pipe.steps.length - 1];
  return (last as readonly [string, unknown])[1] as MLPClassifier | MLPRegressor;
}

/** What a fit reports besides the fitted Pipeline. */
export interface FitSummary {
  seconds: number;
  nIter: number;
  /** The training loss per iteration (empty for lbfgs, which keeps no curve, as in scikit-learn). */
  lossCurve: number[];
  /** The validation score per iteration with early stopping, else null. */
  validationScores: number[] | null;
  /** Lines the MLP printed besides its iteration reports (why it stopped). */
  notes: string[];
}

/**
 * Fits the Pipeline, reporting each iteration as it ends (the MLP's verbose lines, captured). The MLP's
 * `verbose` is on only for this fit: the saved model keeps false. `fitAsync` for callers that must not block.
 */
export function fitWithProgress(
  pipe: Pipeline,
  X: FeatureFrame,
  y: ReadonlyArray<number | string>,
  onIteration: (r: IterationReport) => void,
  options: { async: true; clock: () => number },
): Promise<FitSummary>;
export function fitWithProgress(
  pipe: Pipeline,
  X: FeatureFrame,
  y: ReadonlyArray<number | string>,
  onIteration: (r: IterationReport) => void,
  options: { async?: false; clock: () => number },
): FitSummary;
export function fitWithProgress(
  pipe: Pipeline,
  X: FeatureFrame,
  y: ReadonlyArray<number | string>,
  onIteration: (r: IterationReport) => void,
  options: { async?: boolean; clock: () => number },
): FitSummary | Promise<FitSummary> {
  const mlp = finalEstimator(pipe);
  const notes: string[] = [];
  const t0 = options.clock();
  const listen = { validation: mlp.earlyStopping, onIteration, onOther: (l: string) => notes.push(l) };
  const summary = (): FitSummary => ({
    seconds: (options.clock() - t0) / 1000,
    nIter: mlp.nIter_,
    lossCurve: mlp.solver === 'lbfgs' ? [] : mlp.lossCurve_.slice(),
    validationScores: mlp.validationScores_ === null ? null : mlp.validationScores_.slice(),
    notes,
  });
  mlp.setParams({ verbose: true });
  if (options.async === true)
    return captureIterations(listen, () => pipe.fitAsync(X, y.slice())).then(
      () => {
        mlp.setParams({ verbose: false });
        return summary();
      },
      (e: unknown) => {
        mlp.setParams({ verbose: false });
        throw e;
      },
    );
  try {
    captureIterations(listen, () => pipe.fit(X, y.slice()));
  } finally {
    mlp.setParams({ verbose: false });
  }
  return summary();
}

/** A score on labelled rows, with the classification report and confusion matrix for classifiers. */
export interface Evaluation {
  task: Task;
  metric: 'accuracy' | 'r2';
  score: number;
  predictions: Array<number | string>;
  /** scikit-learn's classification_report text (classifiers). */
  report: string | null;
  /** Rows: true labels, columns: predicted labels, both in `labels` order (classifiers). */
  confusion: { labels: Array<number | string>; matrix: number[][] } | null;
}

/** Scores a fitted Pipeline on rows with known targets. */
export function evaluateModel(pipe: Pipeline, X: FeatureFrame, y: ReadonlyArray<number | string>): Evaluation {
  const predictions = pipe.predict(X) as Array<number | string>;
  if (!isClassifier(pipe)) {
    const yt = y as number[];
    return {
      task: 'regression',
      metric: 'r2',
      score: r2Score(yt, predictions as number[]),
      predictions,
      report: null,
      confusion: null,
    };
  }
  const yt = y.slice() as string[];
  const yp = predictions as string[];
  const labels = [...new Set<number | string>([...yt, ...yp])].sort((a, b) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0,
  );
  return {
    task: 'classification',
    metric: 'accuracy',
    score: accuracyScore(yt, yp),
    predictions,
    report: classificationReport(yt, yp, { zeroDivision: 0 }),
    confusion: { labels, matrix: confusionMatrix(yt, yp, { labels: labels as string[] }) },
  };
}

/** The metric's name as people read it. */
export function metricName(metric: Evaluation['metric']): string {
  return metric === 'r2' ? 'R^2' : 'accuracy';
}

/** A saved Pipeline from its JSON text; anything else is an error naming the file. */
export function loadModel(json: string, source: string): Pipeline {
  let est: unknown;
  try {
    est = estimatorFromJSON(json);
  } catch (e) {
    throw new UsageError(`${source} is not a saved model: ${e instanceof Error ? e.message : String(e)}`);
  }
  const steps = (est as { steps?: unknown }).steps;
  if (!Array.isArray(steps) || typeof (est as { predict?: unknown }).predict !== 'function')
    throw new UsageError(`${source} holds a ${describeClass(est)}, not the Pipeline 'scikeras-ts fit --out' saves`);
  return est as Pipeline;
}

function describeClass(v: unknown): string {
  return (v as { constructor?: { name?: string } } | null)?.constructor?.name ?? typeof v;
}

/** Whether an estimator (or a Pipeline of them) encodes categories: its columns are read as text. */
function encodesText(est: unknown): boolean {
  if (typeof est !== 'object' || est === null) return false;
  const steps = (est as { steps?: unknown }).steps;
  if (Array.isArray(steps)) return steps.some((s) => Array.isArray(s) && encodesText(s[1]));
  const getParams = (est as { getParams?: () => Record<string, unknown> }).getParams;
  return typeof getParams === 'function' && 'handleUnknown' in getParams.call(est);
}

/**
 * The columns a fitted Pipeline reads, in order, each typed: text where a ColumnTransformer sends it to an
 * encoder, numbers otherwise. A model fitted without column names cannot read a CSV: that is an error.
 */
export function modelFeatures(pipe: Pipeline, source: string): Feature[] {
  const names = pipe.featureNamesIn_;
  if (names === undefined)
    throw new UsageError(
      `${source} was fitted without column names (featureNamesIn_); the command line needs a model fitted on a table (scikeras-ts fit, or records / { columns, data })`,
    );
  const text = new Set<string>();
  const first = (pipe.steps[0] as readonly [string, unknown])[1];
  const branches = (first as { transformers?: unknown }).transformers;
  if (Array.isArray(branches))
    for (const b of branches)
      if (Array.isArray(b) && encodesText(b[1]) && Array.isArray(b[2]))
        for (const c of b[2] as unknown[]) if (typeof c === 'string') text.add(c);
  return names.map((name) => ({ name, kind: text.has(name) ? 'text' : 'number' }));
}
