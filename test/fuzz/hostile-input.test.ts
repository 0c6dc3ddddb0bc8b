// Property-based hostile input (fast-check, seeded): constructor parameters, X / y shapes and values, fit
// options and mutated model JSON. Every case either succeeds, with finite outputs of the right shape, or
// throws one of the library's error classes: never a TypeError / RangeError / SyntaxError from inside, never
// NaN or undefined returned as a success. The seed and the shrunk counterexample are printed on failure.
import { test } from 'uvu';
import fc from 'fast-check';
import { ScikerasError } from '../../src/core/errors.ts';
import { setWarningHandler } from '../../src/core/warnings.ts';
import {
  MLPClassifier,
  MLPRegressor,
  KerasClassifier,
  Pipeline,
  StandardScaler,
  estimatorFromJSON,
} from '../../src/index.ts';
import { sequential, layers } from '../../src/nn/index.ts';

setWarningHandler(() => {});
const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
const RUNS = Number(process.env.FUZZ_RUNS ?? 1);
const outcomes: Record<string, { ok: number; refused: number }> = {};

/** Runs `f`: a library error counts as a refusal; anything else thrown fails the property. */
function attempt(suite: string, f: () => void): void {
  const o = (outcomes[suite] ??= { ok: 0, refused: 0 });
  try {
    f();
    o.ok++;
  } catch (e) {
    if (!(e instanceof ScikerasError)) {
      throw new Error(`not a library error: ${e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e)}`);
    }
    o.refused++;
  }
}

const params = { seed: SEED, numRuns: 0, endOnFailure: true };
const runs = (n: number) => ({ ...params, numRuns: n * RUNS });

// Values a hostile caller might put anywhere.
const anyValue = fc.oneof(
  fc.constantFrom(0, 1, -1, 2, 0.5, 1e-300, 1e300, 3.5e38, NaN, Infinity, -Infinity, 2 ** 31, 2 ** 53, -0),
  fc.double(),
  fc.integer({ min: -5, max: 50 }),
  fc.constantFrom('', 'auto', 'relu', 'adam', 'lbfgs', 'sgd', 'constant', '__proto__', 'constructor', '1'),
  fc.boolean(),
  fc.constantFrom(null, undefined),
  fc.array(fc.integer({ min: -3, max: 8 }), { maxLength: 4 }),
  fc.constant({}),
  fc.constant([[1, 2]]),
);

const MLP_KEYS = [
  'hiddenLayerSizes',
  'activation',
  'solver',
  'alpha',
  'batchSize',
  'learningRate',
  'learningRateInit',
  'powerT',
  'maxIter',
  'shuffle',
  'randomState',
  'tol',
  'warmStart',
  'momentum',
  'nesterovsMomentum',
  'earlyStopping',
  'validationFraction',
  'beta1',
  'beta2',
  'epsilon',
  'nIterNoChange',
  'maxFun',
  'dtype',
] as const;

/** Finite outputs of the expected length: what a success must return. */
function checkOutputs(pred: unknown, proba: number[][] | null, n: number): void {
  if (!Array.isArray(pred) || pred.length !== n) throw new Error(`predict returned ${String(pred)} for ${n} rows`);
  for (const p of pred.flat())
    if (p === undefined || (typeof p === 'number' && !Number.isFinite(p))) throw new Error(`predict returned ${p}`);
  if (proba !== null)
    for (const row of proba)
      for (const v of row) if (!Number.isFinite(v) || v < 0 || v > 1) throw new Error(`predictProba returned ${v}`);
}

const X8 = [
  [0, 1],
  [1, 0],
  [1, 1],
  [0, 0],
  [2, 1],
  [1, 2],
  [0.5, 0.5],
  [2, 2],
];
const y8 = [0, 1, 1, 0, 1, 0, 1, 0];

test('MLP constructor parameters: library errors or a model with finite outputs', () => {
  fc.assert(
    fc.property(fc.dictionary(fc.constantFrom(...MLP_KEYS), anyValue, { maxKeys: 4 }), fc.boolean(), (raw, regress) => {
      // Keep fits short whatever the draw: iteration caps are fuzzed only within small values.
      const p: Record<string, unknown> = { maxIter: 3, maxFun: 30, ...raw };
      if (typeof p.maxIter === 'number' && p.maxIter > 20) p.maxIter = 20;
      if (typeof p.maxFun === 'number' && p.maxFun > 200) p.maxFun = 200;
      if (Array.isArray(p.hiddenLayerSizes)) p.hiddenLayerSizes = p.hiddenLayerSizes.slice(0, 2);
      if (typeof p.hiddenLayerSizes === 'number' && p.hiddenLayerSizes > 16) p.hiddenLayerSizes = 16;
      attempt('MLP parameters', () => {
        const est = regress ? new MLPRegressor(p) : new MLPClassifier(p);
        est.fit(X8, regress ? y8.map((v, i) => v + i / 10) : y8);
        checkOutputs(est.predict(X8), est instanceof MLPClassifier ? est.predictProba(X8) : null, X8.length);
      });
    }),
    runs(700),
  );
});

// X and y of any shape and content: mostly well-formed data with a few corruptions (ragged rows, strings,
// NaN, nested arrays, wrong lengths), typed-array and object forms, and plain garbage.
const weird = fc.constantFrom<unknown>(NaN, Infinity, 1e39, 1e300, '3', 'a', true, null, undefined, [1], {}, -0);
const corruption = fc.record({
  row: fc.nat(20),
  col: fc.nat(5),
  value: weird,
  kind: fc.constantFrom('cell', 'drop', 'extra', 'y', 'yLength'),
});
const dataset = fc
  .record({
    n: fc.integer({ min: 1, max: 9 }),
    d: fc.integer({ min: 1, max: 3 }),
    values: fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 27, maxLength: 27 }),
    target: fc.constantFrom('int', 'string', 'bool', 'float', 'multilabel'),
    corruptions: fc.array(corruption, { maxLength: 2 }),
    form: fc.constantFrom('rows', 'rows', 'rows', 'typed', 'garbage'),
    garbage: fc.constantFrom<unknown>(null, undefined, 3, 'X', {}, [1, 2, 3], [[[1]]], {
      data: new BigInt64Array(2),
      shape: [1, 2],
    }),
  })
  .map(({ n, d, values, target, corruptions, form, garbage }) => {
    const X: unknown[][] = Array.from({ length: n }, (_, i) => values.slice(i * d, i * d + d));
    const label = (i: number): unknown =>
      target === 'int'
        ? i % 3
        : target === 'string'
          ? ['a', 'b'][i % 2]
          : target === 'bool'
            ? i % 2 === 0
            : target === 'float'
              ? i / 3
              : [i % 2, (i + 1) % 2, 1];
    let y: unknown[] = Array.from({ length: n }, (_, i) => label(i));
    for (const c of corruptions) {
      const row = X[c.row % n] as unknown[];
      if (c.kind === 'cell') row[c.col % d] = c.value;
      else if (c.kind === 'drop') row.pop();
      else if (c.kind === 'extra') row.push(1);
      else if (c.kind === 'y') y[c.row % n] = c.value;
      else y = y.slice(0, Math.max(0, n - 1 - (c.row % 2)));
    }
    const Xform =
      form === 'garbage'
        ? garbage
        : form === 'typed'
          ? { data: Float64Array.from(X.flat().map(Number)), shape: [n, d] }
          : X;
    return { X: Xform, y };
  });

test('X and y of any shape and content: refused by the library, or fitted with finite outputs', () => {
  fc.assert(
    fc.property(dataset, fc.constantFrom('mlp', 'keras', 'regressor', 'pipeline'), ({ X, y }, kind) => {
      attempt('X / y', () => {
        const est =
          kind === 'mlp'
            ? new MLPClassifier({ hiddenLayerSizes: [3], maxIter: 3, randomState: 0 })
            : kind === 'regressor'
              ? new MLPRegressor({ hiddenLayerSizes: [3], maxIter: 3, randomState: 0 })
              : kind === 'pipeline'
                ? new Pipeline({
                    steps: [
                      ['s', new StandardScaler()],
                      ['m', new MLPClassifier({ hiddenLayerSizes: [3], maxIter: 3 })],
                    ],
                  })
                : new KerasClassifier({
                    model: kerasModel,
                    loss: 'sparse_categorical_crossentropy',
                    epochs: 1,
                    verbose: 0,
                    randomState: 0,
                  });
        est.fit(X as never, y as never);
        const pred = est.predict(X as never);
        checkOutputs(pred, null, Array.isArray(pred) ? pred.length : -1);
      });
    }),
    runs(900),
  );
});

function kerasModel({ meta }: { meta: { nFeaturesIn_: number; nClasses_?: number | null } }) {
  return sequential([
    layers.input({ shape: [meta.nFeaturesIn_] }),
    layers.dense({ units: Math.max(2, meta.nClasses_ ?? 2), activation: 'softmax' }),
  ]);
}

test('fit options of any name and value: library errors, never an engine error', () => {
  const option = fc.dictionary(
    fc.constantFrom(
      'sampleWeight',
      'epochs',
      'batchSize',
      'verbose',
      'validationSplit',
      'shuffle',
      'classes',
      'callbacks',
      'initialEpoch',
      'classWeight',
      'bogus',
      '__proto__',
    ),
    fc.oneof(anyValue, fc.array(fc.double({ min: -1, max: 3 }), { minLength: 8, maxLength: 8 })),
    { maxKeys: 3 },
  );
  fc.assert(
    fc.property(option, fc.boolean(), (opts, keras) => {
      attempt('fit options', () => {
        const o = { ...opts };
        if (typeof o.epochs === 'number' && o.epochs > 5) o.epochs = 5;
        const est = keras
          ? new KerasClassifier({ model: kerasModel, loss: 'sparse_categorical_crossentropy', epochs: 1, verbose: 0 })
          : new MLPClassifier({ hiddenLayerSizes: [3], maxIter: 3 });
        est.fit(X8, y8, o as never);
        checkOutputs(est.predict(X8), est.predictProba(X8), X8.length);
      });
    }),
    runs(500),
  );
});

// Mutations of a fitted model's JSON: a key deleted, a value replaced by anything, numbers scaled, keys added.
interface Mutation {
  path: number[];
  kind: 'delete' | 'replace' | 'scale' | 'addKey';
  value: unknown;
  factor: number;
}
const mutation = fc.record({
  path: fc.array(fc.nat(40), { minLength: 1, maxLength: 7 }),
  kind: fc.constantFrom('delete', 'replace', 'scale', 'addKey'),
  value: anyValue,
  factor: fc.constantFrom(-1, 0, 1e10, 1e300, 3, 0.5),
}) as fc.Arbitrary<Mutation>;

function mutate(json: unknown, m: Mutation): unknown {
  const copy = JSON.parse(JSON.stringify(json)) as unknown;
  let node = copy as Record<string, unknown>;
  for (let d = 0; d < m.path.length; d++) {
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[(m.path[d] as number) % keys.length] as string;
    const child = node[key];
    const last = d === m.path.length - 1 || typeof child !== 'object' || child === null;
    if (!last) {
      node = child as Record<string, unknown>;
      continue;
    }
    if (m.kind === 'delete') delete node[key];
    else if (m.kind === 'replace') node[key] = m.value;
    else if (m.kind === 'scale') node[key] = typeof child === 'number' ? child * m.factor : m.value;
    else if (Array.isArray(node)) node.push(m.value);
    else node[String(m.value)] = m.value;
    break;
  }
  return copy;
}

test('mutated model JSON: refused by the library, or a model that predicts finite values', () => {
  const mlp = new MLPClassifier({ hiddenLayerSizes: [4], maxIter: 5, randomState: 0 }).fit(X8, [
    'a',
    'b',
    'b',
    'a',
    'b',
    'a',
    'b',
    'a',
  ]);
  const pipe = new Pipeline({
    steps: [
      ['s', new StandardScaler()],
      ['m', new MLPRegressor({ hiddenLayerSizes: [3], maxIter: 5, randomState: 0 })],
    ],
  }).fit(X8, y8);
  const sources = [mlp.toJSON(), pipe.toJSON()];
  fc.assert(
    fc.property(fc.nat(1), fc.array(mutation, { minLength: 1, maxLength: 3 }), (which, ms) => {
      let json: unknown = sources[which];
      for (const m of ms) json = mutate(json, m);
      attempt('model JSON', () => {
        const est = estimatorFromJSON(JSON.stringify(json), {}, { maxParams: 1e5 }) as MLPClassifier;
        const pred = est.predict(X8);
        checkOutputs(pred, null, X8.length);
      });
    }),
    runs(1500),
  );
});

test.after(() => {
  const parts = Object.entries(outcomes).map(([k, o]) => `${k}: ${o.ok} fitted, ${o.refused} refused`);
  console.log(`fuzz (seed ${SEED}): ${parts.join('; ')}`);
});

test.run();
