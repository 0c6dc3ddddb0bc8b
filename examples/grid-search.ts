// GridSearchCV on breast cancer: Pipeline(StandardScaler, MLPClassifier) over hiddenLayerSizes x alpha, and a KerasClassifier over
// optimizer__learningRate x hiddenLayerSizes; cvResults_ tables and scikit-learn 1.2.1's MLP search beside ours. Run: npx tsx examples/grid-search.ts
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  GridSearchCV,
  Pipeline,
  StandardScaler,
  MLPClassifier,
  KerasClassifier,
  setWarningHandler,
  type ClassifierBuildArgs,
  type CvResults,
} from '../src/estimators/index.ts';
import { sequential, layers, type Sequential } from '../src/nn/index.ts';
import { loadBreastCancer } from '../src/datasets/index.ts';

setWarningHandler(() => {}); // maxIter 100 stops before convergence on purpose (ConvergenceWarning), as in scikit-learn's run

const [X, y] = await loadBreastCancer({ returnXy: true });

/** cvResults_ as a text table, one row per candidate, the best marked with '*'. */
function printTable(title: string, r: CvResults, best: number): void {
  const names = [...new Set(r.params.flatMap((p) => Object.keys(p)))];
  const splits = Object.keys(r).filter((k) => /^split\d+TestScore$/.test(k));
  const fmt = (v: unknown): string => (typeof v === 'number' ? String(v) : JSON.stringify(v));
  const header = ['rank', ...names, 'meanTestScore', 'stdTestScore', ...splits, 'meanFitTime'];
  const rows = r.params.map((_, i) => [
    `${r.rankTestScore[i]}${i === best ? '*' : ''}`,
    ...names.map((n) => fmt(r.params[i]?.[n])),
    (r.meanTestScore[i] as number).toFixed(4),
    (r.stdTestScore[i] as number).toFixed(4),
    ...splits.map((s) => (r[s]?.[i] as number).toFixed(4)),
    `${(r.meanFitTime[i] as number).toFixed(3)}s`,
  ]);
  const width = header.map((h, j) => Math.max(h.length, ...rows.map((row) => (row[j] as string).length)));
  const line = (cells: string[]): string => cells.map((c, j) => c.padEnd(width[j] as number)).join('  ');
  console.log(
    `\n${title}\n${line(header)}\n${width.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}`,
  );
}

// ---- 1. MLPClassifier in a Pipeline with a StandardScaler (scaling is refitted inside every fold)
let t0 = Date.now();
const pipe = new Pipeline({
  steps: [
    ['scaler', new StandardScaler()],
    ['mlp', new MLPClassifier({ maxIter: 100, randomState: 0 })],
  ],
});
const mlpSearch = new GridSearchCV({
  estimator: pipe,
  paramGrid: { mlp__hiddenLayerSizes: [[10], [30], [30, 10]], mlp__alpha: [1e-4, 1e-2, 1] },
  cv: 3, // an unshuffled StratifiedKFold: the same folds as scikit-learn's
}).fit(X, y);
printTable(
  `GridSearchCV(Pipeline(StandardScaler, MLPClassifier(maxIter=100))), cv=3, ${((Date.now() - t0) / 1000).toFixed(1)}s`,
  mlpSearch.cvResults_,
  mlpSearch.bestIndex_,
);
console.log(`best: ${JSON.stringify(mlpSearch.bestParams_)}  mean CV accuracy ${mlpSearch.bestScore_.toFixed(4)}`);

// ---- 2. KerasClassifier: a build function that reads meta and compiles with compileKwargs.optimizer
function buildModel({
  hiddenLayerSizes,
  meta,
  compileKwargs,
}: ClassifierBuildArgs<{ hiddenLayerSizes: number[] }>): Sequential {
  const model = sequential();
  model.add(layers.input({ shape: [meta.nFeaturesIn_] }));
  for (const units of hiddenLayerSizes) model.add(layers.dense({ units, activation: 'relu' }));
  const binary = meta.targetType_ === 'binary';
  model.add(layers.dense({ units: binary ? 1 : meta.nClasses_, activation: binary ? 'sigmoid' : 'softmax' }));
  model.compile({
    loss: binary ? 'binary_crossentropy' : 'sparse_categorical_crossentropy',
    optimizer: compileKwargs.optimizer,
  });
  return model;
}

// hiddenLayerSizes is declared in the constructor, so the search may set it; optimizer__learningRate is routed
// to the optimizer and needs no declaration. The features are standardised once up front to keep the grid keys
// bare; makePipeline(new StandardScaler(), clf) with keys 'kerasclassifier__...' refits the scaler per fold.
t0 = Date.now();
const clf = new KerasClassifier({
  model: buildModel,
  hiddenLayerSizes: [16],
  optimizer: 'adam',
  epochs: 20,
  batchSize: 32,
  verbose: 0,
  randomState: 0,
});
const kerasSearch = new GridSearchCV({
  estimator: clf,
  paramGrid: { optimizer__learningRate: [1e-3, 1e-2], hiddenLayerSizes: [[16], [32, 16]] },
  cv: 3,
}).fit(new StandardScaler().fitTransform(X), y);
printTable(
  `GridSearchCV(KerasClassifier(epochs=20, optimizer='adam')), cv=3, ${((Date.now() - t0) / 1000).toFixed(1)}s`,
  kerasSearch.cvResults_,
  kerasSearch.bestIndex_,
);
console.log(`best: ${JSON.stringify(kerasSearch.bestParams_)}  mean CV accuracy ${kerasSearch.bestScore_.toFixed(4)}`);

// ---- 3. The same MLP search in scikit-learn 1.2.1 (scripts/fixtures/grid_search_sklearn.py wrote the JSON)
interface SklearnRun {
  params: Record<string, unknown>[];
  mean_test_score: number[];
  best_params: Record<string, unknown>;
  best_score: number;
  seconds: number;
}
const sk = JSON.parse(
  readFileSync(fileURLToPath(new URL('../test/fixtures/grid-search-sklearn.json', import.meta.url)), 'utf8'),
) as SklearnRun;
console.log(
  '\nMLP search, mean CV accuracy per candidate: scikeras-ts vs scikit-learn 1.2.1 (same folds; different random initialisation)',
);
mlpSearch.cvResults_.params.forEach((p, i) => {
  const j = sk.params.findIndex((q) => JSON.stringify(q) === JSON.stringify(p));
  const ours = mlpSearch.cvResults_.meanTestScore[i] as number,
    theirs = sk.mean_test_score[j] as number;
  console.log(
    `  ${JSON.stringify(p).padEnd(54)} ${ours.toFixed(4)}  ${theirs.toFixed(4)}  (${ours >= theirs ? '+' : ''}${(ours - theirs).toFixed(4)})`,
  );
});
console.log(`best scikeras-ts: ${JSON.stringify(mlpSearch.bestParams_)} ${mlpSearch.bestScore_.toFixed(4)}`);
console.log(
  `best scikit-learn: ${JSON.stringify(sk.best_params)} ${sk.best_score.toFixed(4)} (${sk.seconds}s in Python)`,
);
