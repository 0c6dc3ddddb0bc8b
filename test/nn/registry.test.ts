// Open registries and declared fusion: user layers and optimizers join the same registries as the built-ins
// (registerLayer / registerOptimizer) and round-trip through model JSON; fused losses are chosen from what the
// loss and the output layer declare, so a user layer takes part without any class being tested.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  Sequential,
  sequential,
  layers,
  Layer,
  Dense,
  Optimizer,
  SGD,
  getOptimizer,
  registerLayer,
  registerOptimizer,
} from '../../src/nn/index.ts';
import { losses, type CallContext, type Loss } from '../../src/nn/index.ts';
import * as Root from '../../src/index.ts';
import { Rng, Tensor, randomUniform, type FloatArray } from '../../src/tensor/index.ts';
import * as A from '../../src/autograd/index.ts';
import { ValueError } from '../../src/core/errors.ts';

/** A user layer straight on Layer: multiplies by a constant; loaded with the default fromConfig (new Class(config)). */
class Scale extends Layer {
  static override readonly className: string = 'Scale';
  get className(): string {
    return (this.constructor as typeof Scale).className;
  }
  readonly factor: number;
  constructor(args: { factor: number; name?: string }) {
    super(args.name, 'scale');
    if (typeof args.factor !== 'number')
      throw new ValueError(`Scale: 'factor' must be a number. Got ${String(args.factor)} instead.`);
    this.factor = args.factor;
  }
  call(x: Tensor): Tensor {
    return A.scale(x, this.factor);
  }
  outputShape(s: readonly number[]): number[] {
    return s.slice();
  }
  getConfig() {
    return { name: this.name, factor: this.factor };
  }
}

/** A user subclass of a built-in layer: it only needs its own className to load back as itself. */
class TaggedDense extends Dense {
  static override readonly className = 'TaggedDense';
}

/** A user optimizer straight on Optimizer: w <- w - lr sign(g), with a decaying rate kept as state. */
class SignSGD extends Optimizer {
  static override readonly className = 'SignSGD';
  readonly className = 'SignSGD';
  static override readonly configKeys = ['learningRate', 'decay'];
  decay: number;
  protected readonly slotNames = ['unused'] as const;
  constructor(args: { learningRate?: number; decay?: number } = {}) {
    super(args.learningRate ?? 0.01);
    this.decay = args.decay ?? 0;
    this.validate();
  }
  validate(): void {
    if (!(this.learningRate > 0))
      throw new ValueError(`SignSGD: 'learningRate' must be > 0. Got ${this.learningRate} instead.`);
    if (!(this.decay >= 0)) throw new ValueError(`SignSGD: 'decay' must be >= 0. Got ${this.decay} instead.`);
  }
  protected step(w: FloatArray, g: FloatArray): void {
    const lr = this.learningRate / (1 + this.decay * this.iterations);
    for (let j = 0; j < w.length; j++) w[j] -= lr * Math.sign(g[j] as number);
  }
  getConfig() {
    return { learningRate: this.learningRate, decay: this.decay };
  }
}

registerLayer(Scale);
registerLayer(TaggedDense);
registerOptimizer(SignSGD);

const rng = new Rng(11);
const X = randomUniform([60, 4], { rng, min: -1, max: 1 });
const y = new Tensor(
  Float32Array.from(
    { length: 60 },
    (_, i) => ((X.data[i * 4] as number) > 0 ? 1 : 0) + ((X.data[i * 4 + 1] as number) > 0 ? 1 : 0),
  ),
  [60],
);

function userModel(): Sequential {
  const m = sequential(
    [
      layers.dense({ units: 8, activation: 'relu', inputShape: [4] }),
      new Scale({ factor: 0.5 }),
      new TaggedDense({ units: 3, activation: 'softmax' }),
    ],
    { seed: 4 },
  );
  m.compile({
    loss: 'sparse_categorical_crossentropy',
    optimizer: new SignSGD({ learningRate: 0.02, decay: 0.1 }),
    metrics: ['accuracy'],
  });
  return m;
}

test('registerLayer / registerOptimizer are exported from scikeras-ts/nn and the root', () => {
  assert.is(Root.registerLayer, registerLayer);
  assert.is(Root.registerOptimizer, registerOptimizer);
});

test('a user layer, a user subclass of Dense and a user optimizer round-trip through model JSON', () => {
  const m = userModel();
  m.fit(X, y, { epochs: 3, batchSize: 16, verbose: 0, seed: 2 });
  const json = JSON.parse(JSON.stringify(m.toJSON()));
  assert.equal(
    json.layers.map((l: { className: string }) => l.className),
    ['Dense', 'Scale', 'TaggedDense'],
  );
  assert.is(json.compile.optimizer.className, 'SignSGD');
  const m2 = Sequential.fromJSON(json);
  assert.ok(m2.layers[1] instanceof Scale && m2.layers[1].factor === 0.5);
  assert.ok(m2.layers[2] instanceof TaggedDense);
  assert.ok(m2.optimizer instanceof SignSGD);
  assert.is((m2.optimizer as SignSGD).decay, 0.1);
  assert.is(m2.optimizer.iterations, m.optimizer.iterations);
  assert.equal(Array.from(m2.predict(X).data), Array.from(m.predict(X).data));
  // Training on from the loaded state gives the same bits (the optimizer's step depends on its iteration count).
  m.fit(X, y, { epochs: 2, batchSize: 16, verbose: 0, seed: 3 });
  m2.fit(X, y, { epochs: 2, batchSize: 16, verbose: 0, seed: 3 });
  assert.equal(Array.from(m2.predict(X).data), Array.from(m.predict(X).data));
  const copy = m.clone();
  assert.ok(copy.layers[1] instanceof Scale && copy.optimizer instanceof SignSGD);
  assert.equal(Array.from(copy.predict(X).data), Array.from(m.predict(X).data));
});

test('a registered optimizer is found by name in either spelling, its arguments checked against configKeys', () => {
  const o = getOptimizer('sign_sgd', { learning_rate: 0.5, decay: 1 });
  assert.ok(o instanceof SignSGD);
  assert.equal(o.getConfig(), { learningRate: 0.5, decay: 1 });
  assert.throws(
    () => getOptimizer('SignSGD', { momentum: 0.9 }),
    /optimizer 'SignSGD': unknown argument 'momentum'. Valid arguments: learningRate, decay/,
  );
  assert.throws(
    () => getOptimizer('nope'),
    /Could not interpret optimizer identifier: 'nope'. Valid names: adadelta, adagrad, adam, adamax, adamw, nadam, rmsprop, sgd, signsgd, or a class given to registerOptimizer/,
  );
  const m = sequential([layers.dense({ units: 1, inputShape: [4] })], { seed: 1 });
  m.compile({ loss: 'mse', optimizer: 'signSgd' });
  assert.ok(m.optimizer instanceof SignSGD);
});

test('an unregistered layer or optimizer class in JSON is an error naming the class and the register function', () => {
  class Unlisted extends Scale {
    static override readonly className = 'Unlisted';
  }
  class UnlistedOpt extends SGD {
    static override readonly className = 'UnlistedOpt';
  }
  const m = sequential([layers.dense({ units: 2, inputShape: [4] }), new Unlisted({ factor: 2 })], { seed: 1 });
  m.compile({ loss: 'mse', optimizer: new UnlistedOpt({ learningRate: 0.1 }) });
  const json = m.toJSON();
  assert.is(json.layers[1]?.className, 'Unlisted');
  assert.throws(
    () => Sequential.fromJSON(json),
    /Unknown layer className 'Unlisted'\. Valid: InputLayer, Dense, Activation, Dropout, BatchNormalization, LayerNormalization, GaussianNoise, LeakyReLU, ELU, PReLU, Scale, TaggedDense, or a class given to registerLayer/,
  );
  const optOnly = { ...json, layers: [json.layers[0]], weights: json.weights.slice(0, 2) };
  assert.throws(
    () => Sequential.fromJSON(optOnly),
    /Could not interpret optimizer identifier: 'UnlistedOpt'.*, or a class given to registerOptimizer/,
  );
});

test('registration refuses classes without their own className, taken names and non-layers', () => {
  class NoName extends Dense {}
  assert.throws(() => registerLayer(NoName), /registerLayer: the class needs its own static className/);
  class Impostor extends Dense {
    static override readonly className = 'dense';
  }
  assert.throws(() => registerLayer(Impostor), /registerLayer: the className 'dense' is taken by another class/);
  assert.throws(() => registerLayer(SignSGD as unknown as typeof Scale), /registerLayer: expected a subclass of Layer/);
  assert.throws(
    () => registerOptimizer(Scale as unknown as typeof SignSGD),
    /registerOptimizer: expected a subclass of Optimizer/,
  );
  registerLayer(Scale); // the same class again: nothing changes
});

/** Softmax as a user layer that declares the split: the fused loss starts from its input. */
class CountingSoftmax extends Layer {
  static override readonly className = 'CountingSoftmax';
  readonly className = 'CountingSoftmax';
  calls = 0;
  linearCalls = 0;
  constructor(args: { name?: string } = {}) {
    super(args.name, 'counting_softmax');
  }
  call(x: Tensor): Tensor {
    this.calls++;
    return A.softmax(x);
  }
  override splitActivation() {
    return 'softmax' as const;
  }
  override callLinear(x: Tensor, _ctx: CallContext): Tensor {
    this.linearCalls++;
    return x;
  }
  outputShape(s: readonly number[]): number[] {
    return s.slice();
  }
  getConfig() {
    return { name: this.name };
  }
}

test('the fused loss follows the declarations: a user layer splitting off softmax trains like the built-in one', () => {
  const head = new CountingSoftmax();
  const user = sequential([layers.dense({ units: 3, inputShape: [4] }), head], { seed: 5 });
  const builtIn = sequential([layers.dense({ units: 3, inputShape: [4] }), layers.softmax()], { seed: 5 });
  for (const m of [user, builtIn])
    m.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam', lossSettings: { epsilon: 1e-3 } });
  const hu = user.fit(X, y, { epochs: 2, batchSize: 20, verbose: 0, seed: 1 });
  const hb = builtIn.fit(X, y, { epochs: 2, batchSize: 20, verbose: 0, seed: 1 });
  assert.is(head.calls, 0, 'training ran the logits path only');
  assert.is(head.linearCalls, 6);
  assert.equal(hu.history.loss, hb.history.loss);
  assert.equal(Array.from(user.predict(X).data), Array.from(builtIn.predict(X).data));
});

test('a loss object declaring its fusion is fused; one without is computed by its function', () => {
  const bceFused: Loss = {
    name: 'my_bce',
    fn: losses.binaryCrossentropy,
    fromLogits: false,
    fusion: { kind: 'crossentropy', activation: 'sigmoid' },
  };
  const bcePlain: Loss = { name: 'my_bce', fn: losses.binaryCrossentropy, fromLogits: false };
  const yb = new Tensor(
    Float32Array.from(y.data, (v) => (v > 0 ? 1 : 0)),
    [60, 1],
  );
  const run = (loss: Loss) => {
    const m = sequential([layers.dense({ units: 1, activation: 'sigmoid', inputShape: [4] })], { seed: 8 });
    // The fused path sums the outputs and skips Keras' 1e-7 clipping: with weights this large the two values part.
    m.compile({ loss, optimizer: 'sgd', lossSettings: { outputReduction: 'sum' } });
    m.setWeights([new Tensor(Float32Array.from([40, -40, 40, -40]), [4, 1]), new Tensor(Float32Array.from([0]), [1])]);
    return m.evaluate(X, yb).loss as number;
  };
  const exact = run(bceFused),
    clipped = run(bcePlain),
    named = run(losses.get('binary_crossentropy'));
  assert.is(named, exact);
  assert.ok(Math.abs(exact - clipped) > 1e-3, `fused ${exact} vs by function ${clipped}`);
});

test('a layer that declares a split activation but not callLinear is refused by name', () => {
  class Half extends Layer {
    static override readonly className = 'Half';
    readonly className = 'Half';
    call(x: Tensor): Tensor {
      return A.sigmoid(x);
    }
    override splitActivation() {
      return 'sigmoid' as const;
    }
    outputShape(s: readonly number[]): number[] {
      return s.slice();
    }
    getConfig() {
      return { name: this.name };
    }
  }
  const m = sequential([layers.dense({ units: 1, inputShape: [4] }), new Half(undefined, 'half')], { seed: 1 });
  m.compile({ loss: 'binary_crossentropy', optimizer: 'sgd' });
  assert.throws(
    () => m.fit(X, new Tensor(new Float32Array(60), [60, 1]), { epochs: 1, verbose: 0 }),
    /Half 'half': splitActivation\(\) returns 'sigmoid', so the layer must also override callLinear/,
  );
});

test.run();
