// GridSearchCV and RandomizedSearchCV as scikit-learn writes them (positional estimator and space) and as
// JSON: unfitted and fitted round trips, a registered user subclass inside a Pipeline inside a search,
// values JSON has no form for (NaN scores, undefined cells, functions), and the camelCase cvResults_ keys.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  GridSearchCV,
  KerasClassifier,
  MLPClassifier,
  Pipeline,
  RandomizedSearchCV,
  StandardScaler,
  distributions,
  estimatorFromJSON,
  makePipeline,
  registerEstimator,
  type ClassifierBuildArgs,
} from '../../src/estimators/index.ts';
import { ValueError } from '../../src/core/errors.ts';
import { setWarningHandler } from '../../src/core/warnings.ts';
import { layers, sequential } from '../../src/nn/index.ts';
import { loadCsv, splitEveryFourth, standardize } from '../helpers/data.ts';

setWarningHandler(() => {});
const iris = splitEveryFourth(loadCsv('iris'));
const [X, Xte] = standardize(iris.Xtr, iris.Xte) as [number[][], number[][]];
const y = iris.ytr;

const mlp = () => new MLPClassifier({ hiddenLayerSizes: [5], maxIter: 30, randomState: 0 });

test("scikit-learn's positional form gives the same search as the options object", () => {
  const grid = { alpha: [1e-4, 1e-1] };
  const a = new GridSearchCV(mlp(), grid, { cv: 3 }).fit(X, y);
  const b = new GridSearchCV({ estimator: mlp(), paramGrid: grid, cv: 3 }).fit(X, y);
  assert.equal(a.getParams(), { ...b.getParams(), estimator: a.estimator });
  assert.equal(a.cvResults_.meanTestScore, b.cvResults_.meanTestScore);
  assert.equal(new GridSearchCV(mlp(), grid).getParams().cv, null);
  const space = { alpha: distributions.loguniform(1e-5, 1) };
  const r1 = new RandomizedSearchCV(mlp(), space, { nIter: 2, randomState: 3, cv: 2 }).fit(X, y);
  const r2 = new RandomizedSearchCV({ estimator: mlp(), paramDistributions: space, nIter: 2, randomState: 3, cv: 2 });
  assert.equal(r1.cvResults_.params, r2.fit(X, y).cvResults_.params);
  // A Pipeline as the estimator (scikit-learn's failing case here was "unexpected parameter 'steps'").
  const pipe = makePipeline(new StandardScaler(), mlp());
  assert.is(new GridSearchCV(pipe, { mlpclassifier__alpha: [1e-3] }, { cv: 2 }).fit(X, y).bestIndex_, 0);
});

test('the positional form refuses a grid given twice, options that are not an object and a stray second argument', () => {
  assert.throws(
    () => new GridSearchCV(mlp(), { alpha: [1] }, { paramGrid: { alpha: [2] } } as never),
    (e: unknown) => e instanceof ValueError && /'paramGrid' is given twice/.test(e.message),
  );
  assert.throws(() => new GridSearchCV(mlp(), { alpha: [1] }, 3 as never), /options must be an object; got 3/);
  assert.throws(
    () => new GridSearchCV({ estimator: mlp() } as never, { alpha: [1] } as never),
    /neither an estimator nor an options object.*new GridSearchCV\(estimator, paramGrid, options\)/s,
  );
  // A misplaced options object as the grid fails where the grid is read, naming the key.
  assert.throws(() => new GridSearchCV(mlp(), { cv: 3 } as never).fit(X, y), /parameter 'cv' needs to be an array/);
});

test('cvResults_ keys are camelCase: param<Name> columns, split<k>TestScore, and params', () => {
  const s = new GridSearchCV(
    makePipeline(new StandardScaler(), mlp()),
    {
      mlpclassifier__alpha: [1e-4, 1e-2],
      mlpclassifier__hiddenLayerSizes: [[3], [5]],
    },
    { cv: 2, returnTrainScore: true },
  ).fit(X, y);
  const keys = Object.keys(s.cvResults_).sort();
  assert.equal(keys, [
    'meanFitTime',
    'meanScoreTime',
    'meanTestScore',
    'meanTrainScore',
    'paramMlpclassifier__alpha',
    'paramMlpclassifier__hiddenLayerSizes',
    'params',
    'rankTestScore',
    'split0TestScore',
    'split0TrainScore',
    'split1TestScore',
    'split1TrainScore',
    'stdFitTime',
    'stdScoreTime',
    'stdTestScore',
    'stdTrainScore',
  ]);
  assert.equal(
    s.cvResults_.paramMlpclassifier__alpha,
    s.cvResults_.params.map((p) => p.mlpclassifier__alpha),
  );
});

/** A user's subclass, registered so it can be restored by name (issue: "MLPClassifierK cannot be serialised"). */
class MLPClassifierK extends MLPClassifier {}
registerEstimator(MLPClassifierK);

test('a fitted search over a Pipeline holding a registered subclass round-trips through JSON text', () => {
  const pipe = new Pipeline({
    steps: [
      ['scale', new StandardScaler()],
      ['mlp', new MLPClassifierK({ hiddenLayerSizes: [5], maxIter: 30, randomState: 0 })],
    ],
  });
  const search = new GridSearchCV(pipe, { mlp__alpha: [1e-4, 1e-1], mlp__hiddenLayerSizes: [[4], [6]] }, { cv: 3 });
  search.fit(X, y);
  const text = JSON.stringify(search);
  const back = GridSearchCV.fromJSON(text);
  assert.ok(back instanceof GridSearchCV);
  assert.ok(back.bestEstimator_ instanceof Pipeline);
  assert.ok((back.bestEstimator_ as Pipeline).namedSteps.mlp instanceof MLPClassifierK);
  assert.equal(back.predict(Xte), search.predict(Xte));
  assert.equal(back.predictProba(Xte), search.predictProba(Xte));
  assert.is(back.score(Xte, iris.yte), search.score(Xte, iris.yte));
  assert.equal(back.cvResults_, search.cvResults_);
  assert.equal(
    [back.bestIndex_, back.bestScore_, back.bestParams_],
    [search.bestIndex_, search.bestScore_, search.bestParams_],
  );
  assert.is(back.nSplits_, 3);
  // The restored search refits as the original does; estimatorFromJSON finds it by class name too.
  assert.equal(back.fit(X, y).cvResults_.meanTestScore, search.cvResults_.meanTestScore);
  assert.ok(estimatorFromJSON(text) instanceof GridSearchCV);
  // Unfitted: parameters only.
  const fresh = GridSearchCV.fromJSON(new GridSearchCV(pipe, { mlp__alpha: [1] }).toJSON());
  assert.is(fresh.cvResults_, undefined);
  assert.equal(fresh.paramGrid, { mlp__alpha: [1] });
  assert.ok((fresh.estimator as Pipeline).namedSteps.mlp instanceof MLPClassifierK);
});

test('failed candidates (NaN scores) and cells a candidate lacks survive JSON; an unregistered subclass is named', () => {
  const search = new GridSearchCV(mlp(), [{ alpha: [1e-4] }, { alpha: [1e-3], hiddenLayerSizes: [[-1]] }], {
    cv: 2,
    errorScore: NaN,
  }).fit(X, y);
  assert.ok(Number.isNaN(search.cvResults_.meanTestScore[1] as number));
  const back = GridSearchCV.fromJSON(JSON.stringify(search));
  assert.ok(Number.isNaN(back.cvResults_.meanTestScore[1] as number));
  assert.equal(back.cvResults_.paramHiddenLayerSizes, [undefined, [-1]]);
  assert.ok(Number.isNaN(back.errorScore as number));
  class Unregistered extends MLPClassifier {}
  assert.throws(
    () => new GridSearchCV(new Unregistered(), { alpha: [1] }).toJSON(),
    /estimator is a Unregistered, which cannot be serialised.*registerEstimator\(Unregistered\)/,
  );
});

test('RandomizedSearchCV: distributions and a scoring function are omitted and given back; scorer names are kept', () => {
  const scoring = (est: { score?(X: unknown, y: unknown): number }, Xs: unknown, ys: unknown) =>
    (est.score as (a: unknown, b: unknown) => number)(Xs, ys);
  const search = new RandomizedSearchCV(
    mlp(),
    { alpha: distributions.loguniform(1e-4, 1), hiddenLayerSizes: [[3], [5]] },
    { nIter: 3, randomState: 0, cv: 2, scoring },
  ).fit(X, y);
  const json = search.toJSON();
  assert.equal(json.omittedParams.sort(), ['paramDistributions', 'scoring']);
  const back = RandomizedSearchCV.fromJSON(JSON.stringify(json));
  assert.equal(back.predict(Xte), search.predict(Xte));
  assert.throws(() => back.score(Xte, iris.yte), /scoring function was not saved.*fromJSON\(json, \{ scoring \}\)/);
  const withScoring = RandomizedSearchCV.fromJSON(JSON.stringify(json), { scoring });
  assert.is(withScoring.score(Xte, iris.yte), search.score(Xte, iris.yte));
  const named = new GridSearchCV(mlp(), { alpha: [1e-4] }, { cv: 2, scoring: 'f1_macro' }).fit(X, y);
  assert.is(GridSearchCV.fromJSON(JSON.stringify(named)).score(Xte, iris.yte), named.score(Xte, iris.yte));
});

test('a search over a KerasClassifier gets its build function back through overrides for the estimator', () => {
  const build = ({ meta, compileKwargs, units }: ClassifierBuildArgs<{ units: number }>) => {
    const m = sequential([
      layers.input({ shape: [meta.nFeaturesIn_] }),
      layers.dense({ units, activation: 'relu' }),
      layers.dense({ units: meta.nClasses_, activation: 'softmax' }),
    ]);
    m.compile({ loss: 'sparse_categorical_crossentropy', optimizer: compileKwargs.optimizer });
    return m;
  };
  const clf = new KerasClassifier({ model: build, units: 4, optimizer: 'adam', epochs: 2, verbose: 0, randomState: 0 });
  const search = new GridSearchCV(clf, { units: [3, 6] }, { cv: 2 }).fit(X, y);
  const back = GridSearchCV.fromJSON(JSON.stringify(search), { estimator: { model: build } });
  assert.equal(back.predict(Xte), search.predict(Xte));
  assert.is((back.estimator as KerasClassifier).model, build);
  assert.equal(back.fit(X, y).cvResults_.meanTestScore, search.cvResults_.meanTestScore);
});

test.run();
