// The Optimizer base and the classic optimizers in increasing complexity: SGD (momentum, Nesterov), RMSprop
// (momentum, centered), Adam. The base does what Keras 3's does around every update: the learning rate (a number
// or a schedule of the step), gradient clipping (clipnorm, clipvalue, globalClipnorm), decoupled weight decay,
// then each weight's step and its constraint; it keeps slots per weight and serialises its state.
// Imports tensor and autograd types only.

import { ValueError } from '../core/errors.ts';
import { bool, interval, nullable, validateParams } from '../core/param-validation.ts';
import type { FloatArray } from '../tensor/dtype.ts';
import type { Variable } from '../autograd/variable.ts';
import { pickKeys } from '../core/objects.ts';
import { staticClassName } from './registry.ts';
import { type LearningRateSchedule, resolveLearningRate } from './schedules.ts';
import { constraintOf } from './constraints.ts';

// Hyper-parameter constraints in the one constraint language (src/core/param-validation.ts). A learning rate of
// 0 is allowed (Keras allows it; a decaying rate can underflow to it and must still save and load).
const learningRate = interval('float', '[0, inf)');
const positive = interval('float', '(0, inf)');
export const nonNegative = interval('float', '[0, inf)');
export const unit = interval('float', '[0, 1]');
export const unitOpen = interval('float', '[0, 1)');
const optionalPositive = nullable(positive);

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

/** Keras 3's arguments of every optimizer (each null or absent by default). */
export interface BaseOptimizerArgs {
  /** Clips each weight's gradient to this L2 norm. */
  clipnorm?: number | null;
  /** Clips every gradient element to [-clipvalue, clipvalue]. */
  clipvalue?: number | null;
  /** Scales all gradients together so their joint L2 norm is at most this. */
  globalClipnorm?: number | null;
  /** Decoupled weight decay: w <- w - w * weightDecay * lr before each update. */
  weightDecay?: number | null;
}

export const BASE_KEYS = ['clipnorm', 'clipvalue', 'globalClipnorm', 'weightDecay'] as const;

/**
 * Shared core: per-weight slot buffers, an iteration count, the learning rate, clipping and weight decay, and a
 * `step` over each weight.
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
  static readonly configKeys: readonly string[] = ['learningRate', ...BASE_KEYS];

  /** Builds an optimizer from `getConfig()` output; by default `new this(config)`. */
  static fromConfig(config: Record<string, unknown>): Optimizer {
    return new (this as unknown as new (config: Record<string, unknown>) => Optimizer)(config);
  }

  iterations = 0;
  clipnorm: number | null;
  clipvalue: number | null;
  globalClipnorm: number | null;
  weightDecay: number | null;
  /** The schedule the learning rate follows, when one was given instead of a number. */
  readonly schedule: LearningRateSchedule | null;
  protected slots: FloatArray[][] = [];
  protected abstract readonly slotNames: readonly string[];
  /** The learning rate of the update being applied (the schedule's value at this step). */
  protected lr = 0;
  private rate: number;
  // Gradients after clipping, one buffer per weight, reused from step to step.
  private clipped: FloatArray[] = [];

  constructor(learningRate: number | LearningRateSchedule | Record<string, unknown>, args: BaseOptimizerArgs = {}) {
    const lr = resolveLearningRate(learningRate);
    this.schedule = typeof lr === 'function' ? lr : null;
    this.rate = typeof lr === 'number' ? lr : NaN;
    this.clipnorm = args.clipnorm ?? null;
    this.clipvalue = args.clipvalue ?? null;
    this.globalClipnorm = args.globalClipnorm ?? null;
    this.weightDecay = args.weightDecay ?? null;
  }

  /**
   * The learning rate: the number given, or the schedule's value at the current step (Keras'
   * `optimizer.learning_rate`). It can be set (callbacks do) unless a schedule drives it.
   */
  get learningRate(): number {
    return this.schedule === null ? this.rate : this.schedule(this.iterations);
  }
  set learningRate(v: number) {
    if (this.schedule !== null)
      throw new TypeError(`${this.className}: the learning rate follows a schedule, so it cannot be set`);
    this.rate = v;
  }

  /** What model JSON stores: the class's static `className` (the built-in optimizers return that). */
  abstract readonly className: string;

  /** Validates hyper-parameters (also called before each use: they are public, settable properties). */
  abstract validate(): void;

  /** Validates the learning rate (unless a schedule gives it), the clipping arguments and the weight decay. */
  protected validateBase(owner: string): void {
    validateParams(owner, this, {
      ...(this.schedule === null ? { learningRate } : {}),
      clipnorm: optionalPositive,
      clipvalue: optionalPositive,
      globalClipnorm: optionalPositive,
      weightDecay: nullable(nonNegative),
    });
    const set = [this.clipnorm, this.clipvalue, this.globalClipnorm].filter((v) => v !== null).length;
    if (set > 1)
      throw new ValueError(
        `${owner}: only one of clipnorm, clipvalue and globalClipnorm can be set. Received: clipnorm=${this.clipnorm}, clipvalue=${this.clipvalue}, globalClipnorm=${this.globalClipnorm}`,
      );
  }

  /** Applies one update from `.grad` to every weight (in place; weights without a gradient are skipped). */
  apply(weights: readonly Variable[]): void {
    if (this.slots.length === 0) {
      this.validate();
      this.slots = this.slotNames.map(() =>
        weights.map((w) => new (w.data instanceof Float64Array ? Float64Array : Float32Array)(w.size)),
      );
      this.slotsCreated();
    }
    const known = this.slots[0]?.length ?? this.clipped.length;
    if (this.slots[0] !== undefined && known !== weights.length) {
      throw new ValueError(
        `${this.className}: was used with ${known} weights, now given ${weights.length}; compile again after changing layers`,
      );
    }
    this.lr = this.learningRate;
    const grads = this.clip(weights);
    this.prepare(this.iterations + 1);
    const wd = this.weightDecay;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i] as Variable;
      const g = grads[i];
      if (g === null || g === undefined) continue;
      const data = w.data as FloatArray;
      if (wd) for (let j = 0; j < data.length; j++) data[j] -= data[j] * wd * this.lr;
      this.step(data, g, i);
      constraintOf(w)?.apply(data, w.shape);
    }
    this.iterations++;
  }

  /** Called when the slots are first allocated (zeros); an optimizer whose slots start elsewhere fills them. */
  protected slotsCreated(): void {}

  /** Called once per update before the steps, with t = iterations + 1 (the step's bias-correction power). */
  protected prepare(_t: number): void {}

  // Keras' _clip_gradients: the gradients as given, or clipped copies.
  private clip(weights: readonly Variable[]): Array<FloatArray | null> {
    const grads = weights.map((w) => (w.grad === null ? null : (w.grad.data as FloatArray)));
    const { clipnorm, clipvalue, globalClipnorm } = this;
    if (!clipnorm && !clipvalue && !globalClipnorm) return grads;
    const sq = (g: FloatArray) => {
      let s = 0;
      for (let j = 0; j < g.length; j++) s += g[j] * g[j];
      return s;
    };
    let global = 1;
    if (globalClipnorm) {
      const use = Math.sqrt(grads.reduce((s, g) => s + (g === null ? 0 : sq(g)), 0));
      // Keras: clip * min(1 / norm, 1 / clip), and NaN when the norm is not finite.
      global = globalClipnorm * Math.min(1 / use, 1 / globalClipnorm) + (use - use);
    }
    return grads.map((g, i) => {
      if (g === null) return null;
      const o = (this.clipped[i] ??= new (g instanceof Float64Array ? Float64Array : Float32Array)(g.length));
      if (clipvalue) for (let j = 0; j < g.length; j++) o[j] = Math.min(Math.max(g[j], -clipvalue), clipvalue);
      else {
        const f = clipnorm ? clipnorm / Math.max(Math.sqrt(sq(g)), clipnorm) : global;
        for (let j = 0; j < g.length; j++) o[j] = g[j] * f;
      }
      return o;
    });
  }

  protected abstract step(w: FloatArray, g: FloatArray, index: number): void;

  /** Hyper-parameters as a plain object (a schedule as its `{ className, config }`). */
  abstract getConfig(): Record<string, unknown>;

  /** The learning rate (a schedule as its `{ className, config }`) and the clipping / decay arguments that are set. */
  protected baseConfig(): Record<string, unknown> {
    const s = this.schedule;
    const out: Record<string, unknown> = {
      learningRate: s === null ? this.rate : s.getConfig ? { className: s.className, config: s.getConfig() } : s,
    };
    for (const k of BASE_KEYS) if (this[k] !== null) out[k] = this[k];
    return out;
  }

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

  toJSON(): { className: string; config: Record<string, unknown>; state: OptimizerState } {
    return { className: this.className, config: this.getConfig(), state: this.getState() };
  }
}

/** What every optimizer's options object may hold besides its own hyper-parameters. */
export interface LearningRateArgs extends BaseOptimizerArgs {
  /** A number or a schedule of the step (optimizers.schedules.*). */
  learningRate?: number | LearningRateSchedule;
}

export interface SGDArgs extends LearningRateArgs {
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
  static override readonly configKeys: readonly string[] = ['learningRate', 'momentum', 'nesterov', ...BASE_KEYS];
  momentum: number;
  nesterov: boolean;
  protected readonly slotNames = ['velocity'] as const;
  constructor(args: SGDArgs = {}) {
    super(args.learningRate ?? 0.01, args);
    this.momentum = args.momentum ?? 0;
    this.nesterov = args.nesterov ?? false;
    this.validate();
  }
  validate(): void {
    this.validateBase('SGD');
    validateParams('SGD', this, { momentum: unit, nesterov: bool });
  }
  protected step(w: FloatArray, g: FloatArray, index: number): void {
    const lr = this.lr,
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
    return { ...this.baseConfig(), momentum: this.momentum, nesterov: this.nesterov };
  }
}

export interface RMSpropArgs extends LearningRateArgs {
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
  static override readonly configKeys: readonly string[] = [
    'learningRate',
    'rho',
    'momentum',
    'epsilon',
    'centered',
    ...BASE_KEYS,
  ];
  rho: number;
  momentum: number;
  epsilon: number;
  centered: boolean;
  protected readonly slotNames = ['rms', 'momentum', 'mg'] as const;
  constructor(args: RMSpropArgs = {}) {
    super(args.learningRate ?? 1e-3, args);
    this.rho = args.rho ?? 0.9;
    this.momentum = args.momentum ?? 0;
    this.epsilon = args.epsilon ?? 1e-7;
    this.centered = args.centered ?? false;
    this.validate();
  }
  validate(): void {
    this.validateBase('RMSprop');
    validateParams('RMSprop', this, { rho: unitOpen, momentum: unit, epsilon: nonNegative, centered: bool });
  }
  protected step(w: FloatArray, g: FloatArray, index: number): void {
    const lr = this.lr,
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
      ...this.baseConfig(),
      rho: this.rho,
      momentum: this.momentum,
      epsilon: this.epsilon,
      centered: this.centered,
    };
  }
}

export interface AdamArgs extends LearningRateArgs {
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
  static override readonly configKeys: readonly string[] = ['learningRate', 'beta1', 'beta2', 'epsilon', ...BASE_KEYS];
  beta1: number;
  beta2: number;
  epsilon: number;
  protected readonly slotNames: readonly string[] = ['m', 'v'];
  constructor(args: AdamArgs = {}) {
    super(args.learningRate ?? 1e-3, args);
    this.beta1 = args.beta1 ?? 0.9;
    this.beta2 = args.beta2 ?? 0.999;
    this.epsilon = args.epsilon ?? 1e-7;
    this.validate();
  }
  validate(): void {
    this.validateBase(this.className);
    validateParams(this.className, this, { beta1: unitOpen, beta2: unitOpen, epsilon: nonNegative });
  }
  // The step size depends only on t, so it is computed once per update, not per weight.
  private lrT = 0;
  protected override prepare(t: number): void {
    this.lrT = (this.lr * Math.sqrt(1 - Math.pow(this.beta2, t))) / (1 - Math.pow(this.beta1, t));
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
  getConfig(): Record<string, unknown> {
    return { ...this.baseConfig(), beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}
