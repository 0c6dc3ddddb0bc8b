// The wrappers' target and feature encoders as SciKeras's user hooks: the public default encoders, fitted
// copies in targetEncoder_ / featureEncoder_ and in meta, a subclass's own encoders (with getMetadata),
// their JSON round trip (registered classes) and refusal (unregistered ones); BaseWrapper used directly;
// shape errors caught as ValueError.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  BaseEstimator,
  BaseWrapper,
  ClassifierLabelEncoder,
  IdentityEncoder,
  KerasClassifier,
  KerasRegressor,
  RegressorTargetEncoder,
  estimatorFromJSON,
  registerEstimator,
  type BuildArgs,
  type Meta,
  type TargetEncoder,
} from '../../src/estimators/index.ts';
import { sequential, layers, type Sequential } from '../../src/nn/index.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import { ArgumentError, ShapeError, ValueError } from '../../src/core/errors.ts';
import { setWarningHandler } from '../../src/core/warnings.ts';

setWarningHandler(() => {});

const X = Array.from({ length: 30 }, (_, i) => [i / 30, ((i * 7) % 30) / 30]);
const labels = X.map((r) => ((r[0] as number) > 0.5 ? 'hi' : 'lo'));
const target = X.map((r) => 100 * (r[0] as number) + 1);

const seen: Meta[] = [];
function build({ meta, compileKwargs }: BuildArgs): Sequential {
  seen.push(meta);
  const classifier = meta.nClasses_ != null;
  const m = sequential(
    [
      layers.input({ shape: [meta.nFeaturesIn_] }),
      layers.dense({ units: 8, activation: 'relu' }),
      classifier ? layers.dense({ units: 1, activation: 'sigmoid' }) : layers.dense({ units: meta.nOutputs_ ?? 1 }),
    ],
    { seed: 0 },
  );
  m.compile({ loss: classifier ? 'binary_crossentropy' : 'mse', optimizer: compileKwargs.optimizer });
  return m;
}

test('the default encoders: public classes, a fresh unfitted one per getter call, fitted copies in meta', () => {
  const clf = new KerasClassifier({ model: build, epochs: 2, verbose: 0, randomState: 0 });
  assert.instance(clf.targetEncoder, ClassifierLabelEncoder);
  assert.is.not(clf.targetEncoder, clf.targetEncoder);
  assert.instance(clf.featureEncoder, IdentityEncoder);
  clf.fit(X, labels);
  const meta = seen[seen.length - 1] as Meta;
  assert.instance(clf.targetEncoder_, ClassifierLabelEncoder);
  assert.is(meta.targetEncoder_, clf.targetEncoder_);
  assert.is(meta.featureEncoder_, clf.featureEncoder_);
  assert.equal((clf.targetEncoder_ as ClassifierLabelEncoder).classes_, ['hi', 'lo']);
  const reg = new KerasRegressor({ model: build, epochs: 1, verbose: 0, randomState: 0 }).fit(X, target);
  assert.instance(reg.targetEncoder_, RegressorTargetEncoder);
  assert.is((reg.targetEncoder_ as RegressorTargetEncoder).nOutputs_, 1);
});

/** A target encoder for positive targets: the model fits log(y), predictions come back as exp. */
class LogTargetEncoder extends RegressorTargetEncoder {
  declare yMax_: number;
  override fit(y: unknown): this {
    super.fit(y);
    this.yMax_ = Math.max(...(y as number[]));
    return this;
  }
  override transform(y: unknown): Tensor {
    const t = super.transform(y);
    return new Tensor(t.data.map(Math.log), t.shape);
  }
  override inverseTransform(yPred: Tensor): number[] | number[][] {
    return super.inverseTransform(new Tensor(yPred.data.map(Math.exp), yPred.shape));
  }
  override getMetadata(): Record<string, unknown> {
    return { ...super.getMetadata(), yMax_: this.yMax_ };
  }
  protected override fittedState(): Record<string, unknown> | null {
    const s = super.fittedState();
    return s === null ? null : { ...s, yMax_: this.yMax_ };
  }
  protected override loadFittedState(state: Record<string, unknown>): void {
    const { yMax_, ...rest } = state;
    super.loadFittedState(rest);
    this.yMax_ = yMax_ as number;
  }
}
registerEstimator(LogTargetEncoder);

class LogRegressor extends KerasRegressor {
  override get targetEncoder(): TargetEncoder {
    return new LogTargetEncoder();
  }
}
registerEstimator(LogRegressor);

test("a subclass's own target encoder: the model trains on its transform, predictions come through its inverse, getMetadata joins meta", () => {
  let trainedOn: number[] = [];
  const est = new LogRegressor({ model: build, epochs: 3, verbose: 0, randomState: 0 });
  est.initialize(X, target);
  const model = est.model_;
  const fit = model.fit.bind(model);
  model.fit = (x, y, o) => {
    trainedOn = Array.from((y as Tensor).data);
    return fit(x, y, o);
  };
  est.setParams({ warmStart: true }).fit(X, target);
  trainedOn.forEach((v, i) => assert.ok(Math.abs(v - Math.log(target[i] as number)) < 1e-5));
  const raw = Array.from(est.model_.predict(X).data);
  (est.predict(X) as number[]).forEach((v, i) => assert.ok(Math.abs(v - Math.exp(raw[i] as number)) < 1e-3 * v));
  assert.is((est as unknown as { yMax_: number }).yMax_, Math.max(...target));
  assert.is((seen[seen.length - 1] as Meta).yMax_, Math.max(...target));
  // JSON: the registered encoder comes back, with its state
  const back = estimatorFromJSON(JSON.parse(JSON.stringify(est.toJSON())), { model: build }) as LogRegressor;
  assert.instance(back.targetEncoder_, LogTargetEncoder);
  assert.equal(back.predict(X), est.predict(X));
  assert.is((back as unknown as { yMax_: number }).yMax_, Math.max(...target));
});

test('a feature encoder may change X: the model is built for what it gives', () => {
  class FirstColumn extends BaseEstimator {
    fit(): this {
      return this;
    }
    transform(x: Tensor): number[][] {
      return (x.toArray() as number[][]).map((r) => [r[0] as number]);
    }
  }
  class OneFeature extends KerasClassifier {
    override get featureEncoder() {
      return new FirstColumn();
    }
  }
  const est = new OneFeature({
    model: ({ compileKwargs }: BuildArgs) => {
      const m = sequential([layers.dense({ units: 1, activation: 'sigmoid' })], { seed: 0 });
      m.compile({ loss: 'binary_crossentropy', optimizer: compileKwargs.optimizer });
      return m;
    },
    epochs: 1,
    verbose: 0,
  }).fit(X, labels);
  assert.equal(est.model_.getInputShape(), [1]);
  assert.is(est.predict(X).length, X.length);
  // an encoder with no JSON form cannot be saved, and says so
  assert.throws(
    () => est.toJSON(),
    (e: unknown) => e instanceof ArgumentError && /featureEncoder_ cannot be saved: it has no toJSON/.test(String(e)),
  );
});

test('an encoder must be a transformer whose fit returns it; getMetadata keys end in one underscore', () => {
  class Bad extends KerasRegressor {
    override get targetEncoder(): TargetEncoder {
      return { fit: () => undefined, transform: (y: unknown) => y } as unknown as TargetEncoder;
    }
  }
  assert.throws(
    () => new Bad({ model: build, verbose: 0 }).fit(X, target),
    (e: unknown) =>
      e instanceof ArgumentError && /targetEncoder must be a transformer whose fit returns it fitted/.test(String(e)),
  );
  class BadMeta extends KerasRegressor {
    override get targetEncoder(): TargetEncoder {
      const enc = new RegressorTargetEncoder();
      enc.getMetadata = () => ({ nOutputs: 1 });
      return enc as unknown as TargetEncoder;
    }
  }
  assert.throws(
    () => new BadMeta({ model: build, verbose: 0 }).fit(X, target),
    (e: unknown) =>
      e instanceof ValueError && /targetEncoder.getMetadata\(\): 'nOutputs' must end in one '_'/.test(String(e)),
  );
});

test("BaseWrapper used directly: identity encoders, predict gives the model's outputs", () => {
  const est = new BaseWrapper({ model: build, loss: 'mse', epochs: 1, verbose: 0, randomState: 0 });
  est.fit(X, target);
  const out = est.predict(X) as Tensor;
  assert.instance(out, Tensor);
  assert.equal(Array.from(out.data), Array.from(est.model_.predict(X).data));
  const back = estimatorFromJSON(JSON.parse(JSON.stringify(est.toJSON())), { model: build }) as BaseWrapper;
  assert.equal(Array.from((back.predict(X) as Tensor).data), Array.from(out.data));
});

test('a wrong-length sampleWeight is a ShapeError, caught as a ValueError (as scikit-learn raises it)', () => {
  const est = new KerasRegressor({ model: build, verbose: 0 });
  assert.throws(
    () => est.fit(X, target, { sampleWeight: [1, 2, 3] }),
    (e: unknown) => e instanceof ValueError && e instanceof ShapeError && (e as Error).name === 'ShapeError',
  );
});

test.run();
