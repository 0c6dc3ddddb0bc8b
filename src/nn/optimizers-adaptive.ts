// Keras 3's other adaptive optimizers: Adamax, Adagrad, Adadelta, Nadam and AdamW, each its update rule on the
// shared Optimizer core (learning rate or schedule, clipping, weight decay, constraints, serialisable slots).
// Imports tensor types only.

import { validateParams } from '../core/param-validation.ts';
import type { FloatArray } from '../tensor/dtype.ts';
import type { Variable } from '../autograd/variable.ts';
import { staticClassName } from './registry.ts';
import {
  Adam,
  BASE_KEYS,
  Optimizer,
  nonNegative,
  unitOpen,
  type AdamArgs,
  type LearningRateArgs,
} from './optimizers-core.ts';

export type AdamaxArgs = AdamArgs;

/** Adamax: m <- b1 m + (1-b1) g;  u <- max(b2 u, |g|);  w <- w - lr m / ((1 - b1^t) (u + eps)). */
export class Adamax extends Optimizer {
  static override readonly className: string = 'Adamax';
  get className(): string {
    return staticClassName(this);
  }
  static override readonly configKeys: readonly string[] = ['learningRate', 'beta1', 'beta2', 'epsilon', ...BASE_KEYS];
  beta1: number;
  beta2: number;
  epsilon: number;
  protected readonly slotNames = ['m', 'u'] as const;
  private scale = 0;
  constructor(args: AdamaxArgs = {}) {
    super(args.learningRate ?? 1e-3, args);
    this.beta1 = args.beta1 ?? 0.9;
    this.beta2 = args.beta2 ?? 0.999;
    this.epsilon = args.epsilon ?? 1e-7;
    this.validate();
  }
  validate(): void {
    this.validateBase('Adamax');
    validateParams('Adamax', this, { beta1: unitOpen, beta2: unitOpen, epsilon: nonNegative });
  }
  protected override prepare(t: number): void {
    this.scale = this.lr / (1 - Math.pow(this.beta1, t));
  }
  protected step(w: FloatArray, g: FloatArray, index: number): void {
    const b1 = this.beta1,
      b2 = this.beta2,
      eps = this.epsilon,
      s = this.scale;
    const m = this.slots[0][index],
      u = this.slots[1][index];
    for (let j = 0; j < w.length; j++) {
      const mj = m[j] + (g[j] - m[j]) * (1 - b1);
      const uj = Math.max(b2 * u[j], Math.abs(g[j]));
      m[j] = mj;
      u[j] = uj;
      w[j] -= (s * mj) / (uj + eps);
    }
  }
  getConfig(): Record<string, unknown> {
    return { ...this.baseConfig(), beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}

export interface AdagradArgs extends LearningRateArgs {
  initialAccumulatorValue?: number;
  epsilon?: number;
}

/** Adagrad: a <- a + g^2 (a starts at initialAccumulatorValue, 0.1);  w <- w - lr g / sqrt(a + eps). */
export class Adagrad extends Optimizer {
  static override readonly className: string = 'Adagrad';
  get className(): string {
    return staticClassName(this);
  }
  static override readonly configKeys: readonly string[] = [
    'learningRate',
    'initialAccumulatorValue',
    'epsilon',
    ...BASE_KEYS,
  ];
  initialAccumulatorValue: number;
  epsilon: number;
  protected readonly slotNames = ['accumulator'] as const;
  constructor(args: AdagradArgs = {}) {
    super(args.learningRate ?? 1e-3, args);
    this.initialAccumulatorValue = args.initialAccumulatorValue ?? 0.1;
    this.epsilon = args.epsilon ?? 1e-7;
    this.validate();
  }
  validate(): void {
    this.validateBase('Adagrad');
    validateParams('Adagrad', this, { initialAccumulatorValue: nonNegative, epsilon: nonNegative });
  }
  protected override slotsCreated(): void {
    for (const a of this.slots[0] ?? []) a.fill(this.initialAccumulatorValue);
  }
  protected step(w: FloatArray, g: FloatArray, index: number): void {
    const lr = this.lr,
      eps = this.epsilon;
    const a = this.slots[0][index];
    for (let j = 0; j < w.length; j++) {
      const aj = a[j] + g[j] * g[j];
      a[j] = aj;
      w[j] -= (lr * g[j]) / Math.sqrt(aj + eps);
    }
  }
  getConfig(): Record<string, unknown> {
    return { ...this.baseConfig(), initialAccumulatorValue: this.initialAccumulatorValue, epsilon: this.epsilon };
  }
}

export interface AdadeltaArgs extends LearningRateArgs {
  rho?: number;
  epsilon?: number;
}

/**
 * Adadelta: a <- rho a + (1-rho) g^2;  d = -sqrt(s + eps) g / sqrt(a + eps);  s <- rho s + (1-rho) d^2;
 * w <- w + lr d (Keras 3: lr 0.001, rho 0.95).
 */
export class Adadelta extends Optimizer {
  static override readonly className: string = 'Adadelta';
  get className(): string {
    return staticClassName(this);
  }
  static override readonly configKeys: readonly string[] = ['learningRate', 'rho', 'epsilon', ...BASE_KEYS];
  rho: number;
  epsilon: number;
  protected readonly slotNames = ['accumulatedGrad', 'accumulatedDeltaVar'] as const;
  constructor(args: AdadeltaArgs = {}) {
    super(args.learningRate ?? 1e-3, args);
    this.rho = args.rho ?? 0.95;
    this.epsilon = args.epsilon ?? 1e-7;
    this.validate();
  }
  validate(): void {
    this.validateBase('Adadelta');
    validateParams('Adadelta', this, { rho: unitOpen, epsilon: nonNegative });
  }
  protected step(w: FloatArray, g: FloatArray, index: number): void {
    const lr = this.lr,
      rho = this.rho,
      eps = this.epsilon;
    const a = this.slots[0][index],
      s = this.slots[1][index];
    for (let j = 0; j < w.length; j++) {
      const aj = rho * a[j] + (1 - rho) * g[j] * g[j];
      a[j] = aj;
      const d = -(Math.sqrt(s[j] + eps) * g[j]) / Math.sqrt(aj + eps);
      s[j] = rho * s[j] + (1 - rho) * d * d;
      w[j] += lr * d;
    }
  }
  getConfig(): Record<string, unknown> {
    return { ...this.baseConfig(), rho: this.rho, epsilon: this.epsilon };
  }
}

export type NadamArgs = AdamArgs;

/**
 * Nadam (Keras 3): u_t = b1 (1 - 0.96^t / 2), P_t = u_1 ... u_t;  m, v as Adam;
 * m^ = u_(t+1) m / (1 - P_t u_(t+1)) + (1 - u_t) g / (1 - P_t);  v^ = v / (1 - b2^t);  w <- w - lr m^ / (sqrt(v^) + eps).
 */
export class Nadam extends Optimizer {
  static override readonly className: string = 'Nadam';
  get className(): string {
    return staticClassName(this);
  }
  static override readonly configKeys: readonly string[] = ['learningRate', 'beta1', 'beta2', 'epsilon', ...BASE_KEYS];
  beta1: number;
  beta2: number;
  epsilon: number;
  protected readonly slotNames = ['m', 'v'] as const;
  // The running product of u_1 ... u_t, a function of the iteration count (rebuilt by setState).
  private uProduct = 1;
  private c = { uT: 0, uT1: 0, p: 0, p1: 0, b2t: 0 };
  constructor(args: NadamArgs = {}) {
    super(args.learningRate ?? 1e-3, args);
    this.beta1 = args.beta1 ?? 0.9;
    this.beta2 = args.beta2 ?? 0.999;
    this.epsilon = args.epsilon ?? 1e-7;
    this.validate();
  }
  validate(): void {
    this.validateBase('Nadam');
    validateParams('Nadam', this, { beta1: unitOpen, beta2: unitOpen, epsilon: nonNegative });
  }
  private u(t: number): number {
    return this.beta1 * (1 - 0.5 * Math.pow(0.96, t));
  }
  protected override prepare(t: number): void {
    this.uProduct *= this.u(t);
    const uT1 = this.u(t + 1);
    this.c = { uT: this.u(t), uT1, p: this.uProduct, p1: this.uProduct * uT1, b2t: Math.pow(this.beta2, t) };
  }
  override setState(state: unknown, weights?: readonly Variable[]): void {
    super.setState(state, weights);
    this.uProduct = 1;
    for (let t = 1; t <= this.iterations; t++) this.uProduct *= this.u(t);
  }
  protected step(w: FloatArray, g: FloatArray, index: number): void {
    const { uT, uT1, p, p1, b2t } = this.c;
    const b1 = this.beta1,
      b2 = this.beta2,
      eps = this.epsilon,
      lr = this.lr;
    const m = this.slots[0][index],
      v = this.slots[1][index];
    for (let j = 0; j < w.length; j++) {
      const gj = g[j];
      const mj = m[j] + (gj - m[j]) * (1 - b1);
      const vj = v[j] + (gj * gj - v[j]) * (1 - b2);
      m[j] = mj;
      v[j] = vj;
      const mHat = (uT1 * mj) / (1 - p1) + ((1 - uT) * gj) / (1 - p);
      w[j] -= (lr * mHat) / (Math.sqrt(vj / (1 - b2t)) + eps);
    }
  }
  getConfig(): Record<string, unknown> {
    return { ...this.baseConfig(), beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}

/** AdamW: Adam with decoupled weight decay, w <- w - w * weightDecay * lr before each step (Keras 3: 0.004). */
export class AdamW extends Adam {
  static override readonly className: string = 'AdamW';
  constructor(args: AdamArgs = {}) {
    super({ ...args, weightDecay: args.weightDecay === undefined ? 0.004 : args.weightDecay });
  }
}
