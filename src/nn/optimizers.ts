// Optimizers in increasing complexity: SGD (momentum, Nesterov), RMSprop
// (momentum, centered), Adam. Each validates its hyper-parameters, keeps its
// slots per weight, updates weights in place and serialises its state; the
// open optimizer registry finds them by name. Imports tensor and autograd types only.

import { ValueError, describe } from '../core/errors.ts';
import { bool, interval, validateParams } from '../core/param-validation.ts';
import type { FloatArray } from '../tensor/dtype.ts';
import type { Variable } from '../autograd/variable.ts';
import { canonicalName, isRecord, pickKeys, toCamel } from '../core/objects.ts';
import { ClassRegistry, staticClassName } from './registry.ts';

// Hyper-parameter constraints in the one constraint language (src/core/param-validation.ts). A learning rate of
// 0 is allowed (Keras allows it; a decaying rate can underflow to it and must still save and load).
const learningRate = interval('float', '[0, inf)');
const nonNegative = interval('float', '[0, inf)');
const unit = interval('float', '[0, 1]');
const unitOpen = interval('float', '[0, 1)');

/** A slot value in JSON: a number, or the name of a non-finite one (JSON has no Infinity or NaN). */
export type StateValue = number | 'Infinity' | '-Infinity' | 'NaN';

export interface OptimizerState {
  iterations: number;
  slots: StateValue[][][]; // [slotName index][weight index] -> values
}

// Slots may legitimately overflow (Adam's v in float32): they are saved by name and read back exactly.
const encodeValue = (v: number): StateValue =>
  Number.isFinite(v) ? v : v > 0 ? 'Infinity' : v < 0 ? '-Infinity' : 'NaN';
const decodeValue = (v: unknown): number | null =>
  typeof v === 'number' ? v : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v === 'NaN' ? NaN : null;

/**
 * Shared core: per-weight slot buffers, an iteration count, and a `step` over each weight.
 *
 * A custom optimizer implements `validate`, `step` and `getConfig`, names its slots, and gives itself a static
 * `className` and `configKeys` (the arguments its constructor takes) and the same `className` on instances;
 * `registerOptimizer` makes it available by name and loadable from model JSON. A subclass of a built-in optimizer
 * only sets the static `className`.
 */
export abstract class Optimizer {
  /** The name model JSON and `getOptimizer` use for this class (see `registerOptimizer`). */
  static readonly className: string = 'Optimizer';
  /** The constructor's arguments (what `getConfig` returns): `getOptimizer(name, args)` accepts exactly these. */
  static readonly configKeys: readonly string[] = ['learningRate'];

  /** Builds an optimizer from `getConfig()` output; by default `new this(config)`. */
  static fromConfig(config: Record<string, unknown>): Optimizer {
    return new (this as unknown as new (config: Record<string, unknown>) => Optimizer)(config);
  }

  learningRate: number;
  iterations = 0;
  protected slots: FloatArray[][] = [];
  protected abstract readonly slotNames: readonly string[];

  constructor(learningRate: number) {
    this.learningRate = learningRate;
  }

  /** What model JSON stores: the class's static `className` (the built-in optimizers return that). */
  abstract readonly className: string;

  /** Validates hyper-parameters (also called before each use: they are public, settable properties). */
  abstract validate(): void;

  /** Applies one update from `.grad` to every weight (in place; weights without a gradient are skipped). */
  apply(weights: readonly Variable[]): void {
    if (this.slots.length === 0) {
      this.validate();
      this.slots = this.slotNames.map(() =>
        weights.map((w) => new (w.data instanceof Float64Array ? Float64Array : Float32Array)(w.size)),
      );
    }
    if (this.slots[0] !== undefined && this.slots[0].length !== weights.length) {
      throw new ValueError(
        `${this.className}: was used with ${this.slots[0].length} weights, now given ${weights.length}`,
      );
    }
    this.iterations++;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i];
      if (w.grad === null) continue;
      this.step(w.data as FloatArray, w.grad.data as FloatArray, i);
    }
  }

  protected abstract step(w: FloatArray, g: FloatArray, index: number): void;

  /** Hyper-parameters as a plain object. */
  abstract getConfig(): Record<string, number | boolean>;

  /** Iteration count and slot values, for serialisation. */
  getState(): OptimizerState {
    return {
      iterations: this.iterations,
      slots: this.slots.map((perWeight) => perWeight.map((s) => Array.from(s, encodeValue))),
    };
  }

  /** Restores `getState()` output; slot sizes are checked against the weights at the next `apply`. */
  setState(state: unknown, weights?: readonly Variable[]): void {
    const s = pickKeys(`${this.className} state`, state, ['iterations', 'slots']);
    if (!Number.isInteger(s.iterations) || (s.iterations as number) < 0)
      throw new ValueError(`${this.className} state: 'iterations' must be a non-negative integer`);
    const slots = s.slots;
    if (!Array.isArray(slots) || (slots.length !== 0 && slots.length !== this.slotNames.length))
      throw new ValueError(`${this.className} state: expected ${this.slotNames.length} slot groups`);
    const f64 = weights !== undefined && weights[0]?.data instanceof Float64Array;
    this.slots = (slots as unknown[]).map((group, gi) => {
      if (!Array.isArray(group)) throw new ValueError(`${this.className} state: slot group ${gi} must be an array`);
      if (weights !== undefined && group.length !== weights.length)
        throw new ValueError(
          `${this.className} state: slot group ${gi} has ${group.length} entries for ${weights.length} weights`,
        );
      return group.map((raw, wi) => {
        const vals = Array.isArray(raw) ? raw.map(decodeValue) : null;
        if (vals === null || vals.some((v) => v === null))
          throw new ValueError(
            `${this.className} state: slot ${gi}/${wi} must be an array of numbers ('Infinity', '-Infinity', 'NaN' by name)`,
          );
        if (weights !== undefined && weights[wi]?.size !== vals.length)
          throw new ValueError(
            `${this.className} state: slot ${gi}/${wi} has ${vals.length} values, weight ${wi} has ${weights[wi]?.size}`,
          );
        return f64 ? Float64Array.from(vals as number[]) : Float32Array.from(vals as number[]);
      });
    });
    this.iterations = s.iterations as number;
  }

  toJSON(): { className: string; config: Record<string, number | boolean>; state: OptimizerState } {
    return { className: this.className, config: this.getConfig(), state: this.getState() };
  }
}

export interface SGDArgs {
  learningRate?: number;
  momentum?: number;
  nesterov?: boolean;
}

/**
 * v <- momentum v - lr g;  w <- w + v  (Nesterov: w <- w + momentum v - lr g).
 * Same form in Keras and scikit-learn.
 */
export class SGD extends Optimizer {
  static override readonly className: string = 'SGD';
  get className(): string {
    return staticClassName(this);
  }
  static override readonly configKeys: readonly string[] = ['learningRate', 'momentum', 'nesterov'];
  momentum: number;
  nesterov: boolean;
  protected readonly slotNames = ['velocity'] as const;
  constructor(args: SGDArgs = {}) {
    super(args.learningRate ?? 0.01);
    this.momentum = args.momentum ?? 0;
    this.nesterov = args.nesterov ?? false;
    this.validate();
  }
  validate(): void {
    validateParams('SGD', this, { learningRate, momentum: unit, nesterov: bool });
  }
  protected step(w: FloatArray, g: FloatArray, index: number): void {
    const lr = this.learningRate,
      mu = this.momentum;
    if (mu === 0) {
      for (let j = 0; j < w.length; j++) w[j] -= lr * g[j];
      return;
    }
    const v = this.slots[0][index];
    if (this.nesterov)
      for (let j = 0; j < w.length; j++) {
        const vj = mu * v[j] - lr * g[j];
        v[j] = vj;
        w[j] += mu * vj - lr * g[j];
      }
    else
      for (let j = 0; j < w.length; j++) {
        const vj = mu * v[j] - lr * g[j];
        v[j] = vj;
        w[j] += vj;
      }
  }
  getConfig() {
    return { learningRate: this.learningRate, momentum: this.momentum, nesterov: this.nesterov };
  }
}

export interface RMSpropArgs {
  learningRate?: number;
  rho?: number;
  momentum?: number;
  epsilon?: number;
  centered?: boolean;
}

/**
 * Keras 3 RMSprop: a <- rho a + (1-rho) g^2;  (centered: m <- rho m + (1-rho) g, a' = a - m^2);
 * step = lr g / sqrt(a' + eps);  with momentum: v <- momentum v + step, w <- w - v; else w <- w - step.
 */
export class RMSprop extends Optimizer {
  static override readonly className: string = 'RMSprop';
  get className(): string {
    return staticClassName(this);
  }
  static override readonly configKeys: readonly string[] = ['learningRate', 'rho', 'momentum', 'epsilon', 'centered'];
  rho: number;
  momentum: number;
  epsilon: number;
  centered: boolean;
  protected readonly slotNames = ['rms', 'momentum', 'mg'] as const;
  constructor(args: RMSpropArgs = {}) {
    super(args.learningRate ?? 1e-3);
    this.rho = args.rho ?? 0.9;
    this.momentum = args.momentum ?? 0;
    this.epsilon = args.epsilon ?? 1e-7;
    this.centered = args.centered ?? false;
    this.validate();
  }
  validate(): void {
    validateParams('RMSprop', this, {
      learningRate,
      rho: unitOpen,
      momentum: unit,
      epsilon: nonNegative,
      centered: bool,
    });
  }
  protected step(w: FloatArray, g: FloatArray, index: number): void {
    const lr = this.learningRate,
      rho = this.rho,
      mu = this.momentum,
      eps = this.epsilon;
    const a = this.slots[0][index],
      v = this.slots[1][index],
      mg = this.slots[2][index];
    for (let j = 0; j < w.length; j++) {
      const gj = g[j];
      const aj = rho * a[j] + (1 - rho) * gj * gj;
      a[j] = aj;
      let denom = aj;
      if (this.centered) {
        const m = rho * mg[j] + (1 - rho) * gj;
        mg[j] = m;
        denom = aj - m * m;
      }
      const step = (lr * gj) / Math.sqrt(denom + eps);
      if (mu > 0) {
        const vj = mu * v[j] + step;
        v[j] = vj;
        w[j] -= vj;
      } else w[j] -= step;
    }
  }
  getConfig() {
    return {
      learningRate: this.learningRate,
      rho: this.rho,
      momentum: this.momentum,
      epsilon: this.epsilon,
      centered: this.centered,
    };
  }
}

export interface AdamArgs {
  learningRate?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/**
 * t <- t + 1;  m <- b1 m + (1-b1) g;  v <- b2 v + (1-b2) g^2;
 * lr_t = lr sqrt(1 - b2^t) / (1 - b1^t);  w <- w - lr_t m / (sqrt(v) + eps).
 * Keras and scikit-learn share this form (epsilon defaults differ: 1e-7 and 1e-8).
 */
export class Adam extends Optimizer {
  static override readonly className: string = 'Adam';
  get className(): string {
    return staticClassName(this);
  }
  static override readonly configKeys: readonly string[] = ['learningRate', 'beta1', 'beta2', 'epsilon'];
  beta1: number;
  beta2: number;
  epsilon: number;
  protected readonly slotNames = ['m', 'v'] as const;
  constructor(args: AdamArgs = {}) {
    super(args.learningRate ?? 1e-3);
    this.beta1 = args.beta1 ?? 0.9;
    this.beta2 = args.beta2 ?? 0.999;
    this.epsilon = args.epsilon ?? 1e-7;
    this.validate();
  }
  validate(): void {
    validateParams('Adam', this, { learningRate, beta1: unitOpen, beta2: unitOpen, epsilon: nonNegative });
  }
  // The step size depends only on t, so it is computed once per apply, not per weight.
  private lrT = 0;
  override apply(weights: readonly Variable[]): void {
    const t = this.iterations + 1;
    this.lrT = (this.learningRate * Math.sqrt(1 - Math.pow(this.beta2, t))) / (1 - Math.pow(this.beta1, t));
    super.apply(weights);
  }
  protected step(w: FloatArray, g: FloatArray, index: number): void {
    const b1 = this.beta1,
      b2 = this.beta2,
      eps = this.epsilon,
      lrT = this.lrT;
    const m = this.slots[0][index],
      v = this.slots[1][index];
    for (let j = 0; j < w.length; j++) {
      const gj = g[j];
      const mj = b1 * m[j] + (1 - b1) * gj;
      const vj = b2 * v[j] + (1 - b2) * gj * gj;
      m[j] = mj;
      v[j] = vj;
      w[j] -= (lrT * mj) / (Math.sqrt(vj) + eps);
    }
  }
  getConfig() {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}

/** An optimizer class as the registry holds it. */
export type OptimizerClass = {
  readonly className: string;
  readonly configKeys: readonly string[];
  fromConfig(config: Record<string, unknown>): Optimizer;
  readonly prototype: Optimizer;
};

// The built-in optimizers, listed here rather than registered as an import side effect (the package has none).
const OPTIMIZERS = /* @__PURE__ */ new ClassRegistry<OptimizerClass>('registerOptimizer', Optimizer, [
  SGD,
  RMSprop,
  Adam,
]);

/**
 * Makes a custom optimizer class available by name: `getOptimizer(name, args)`, compile's `optimizer: 'name'` and
 * model JSON find it by its static `className` (either spelling) and build it with its static `fromConfig` (by
 * default `new Class(config)`), checking arguments against its static `configKeys`. Register before loading.
 *
 * @example
 * class SignSGD extends SGD { static override readonly className = 'SignSGD'; ... }
 * registerOptimizer(SignSGD);
 * model.compile({ loss: 'mse', optimizer: 'signSgd' });
 */
export function registerOptimizer(cls: OptimizerClass): void {
  OPTIMIZERS.register(cls);
}

/**
 * Makes an optimizer from a name ('adam', 'Adam', 'sgd', 'rmsprop', or a registered class's className) and
 * arguments in camelCase or snake_case (`learning_rate`, `beta_1`).
 * An instance is returned as is. Unknown names or arguments list the valid ones.
 */
export function getOptimizer(id: unknown, args: Record<string, unknown> = {}): Optimizer {
  if (id instanceof Optimizer) {
    if (Object.keys(args).length > 0)
      throw new ValueError(
        `optimizer: routed parameters (${Object.keys(args).join(', ')}) cannot be applied to an optimizer instance; pass the optimizer by name instead`,
      );
    return id;
  }
  const cls = optimizerClass(id);
  const keys = cls.configKeys;
  const clean: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) {
    const camel = toCamel(k).replace(/^beta(\d)$/, 'beta$1');
    const name = camel === 'lr' ? 'learningRate' : camel;
    if (!keys.includes(name))
      throw new ValueError(`optimizer '${id as string}': unknown argument '${k}'. Valid arguments: ${keys.join(', ')}`);
    clean[name] = v;
  }
  return cls.fromConfig(clean);
}

function optimizerClass(id: unknown): OptimizerClass {
  const cls = OPTIMIZERS.find(id);
  if (cls !== undefined) return cls;
  const names = OPTIMIZERS.names().map(canonicalName).sort();
  throw OPTIMIZERS.unknown(`Could not interpret optimizer identifier: ${describe(id)}. Valid names:`, names);
}

/** Rebuilds an optimizer from `toJSON()` output. */
export function optimizerFromJSON(json: unknown, weights?: readonly Variable[]): Optimizer {
  if (!isRecord(json)) throw new ValueError(`optimizer JSON: expected an object, got ${describe(json)}`);
  const o = pickKeys('optimizer JSON', json, ['className', 'config', 'state']);
  const keys = optimizerClass(o.className).configKeys;
  const opt = getOptimizer(o.className, isRecord(o.config) ? { ...pickKeys('optimizer config', o.config, keys) } : {});
  if (o.state !== undefined) opt.setState(o.state, weights);
  return opt;
}

/** Optimizer factories with Keras defaults. */
export const optimizers = {
  sgd: (args: SGDArgs = {}): SGD => new SGD(args),
  rmsprop: (args: RMSpropArgs = {}): RMSprop => new RMSprop(args),
  adam: (args: AdamArgs = {}): Adam => new Adam(args),
  get: getOptimizer,
};
