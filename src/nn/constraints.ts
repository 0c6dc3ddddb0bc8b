// Weight constraints (Keras' MaxNorm, MinMaxNorm, NonNeg, UnitNorm): projections the optimizer applies to a
// weight in place after each update, as Keras applies `variable.constraint`. A layer binds a constraint to its
// weight when it builds it, so every training path honours it. Imports tensor only.

import { ValueError, describe } from '../core/errors.ts';
import type { FloatArray } from '../tensor/dtype.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { aroundAxis, normAxis } from '../tensor/shape.ts';
import { canonicalName, isRecord, pickKeys } from '../core/objects.ts';

/** A projection applied to a weight after each optimizer step. */
export interface Constraint {
  /** Projects `w` (of `shape`) in place. */
  apply(w: FloatArray, shape: readonly number[]): void;
  getConfig(): { className: string; config: Record<string, number> };
}

export type ConstraintIdentifier =
  | 'maxNorm'
  | 'max_norm'
  | 'minMaxNorm'
  | 'min_max_norm'
  | 'nonNeg'
  | 'non_neg'
  | 'unitNorm'
  | 'unit_norm'
  | Constraint
  | { className: string; config?: Record<string, unknown> };

// Keras' backend epsilon, in the norm constraints' denominators.
const EPS = 1e-7;

/**
 * Norm constraints along `axis` (Keras: the norms of a Dense kernel's columns, one per unit, with axis 0):
 * w <- w (rate clip(n, min, max) + (1 - rate) n) / (eps + n). MaxNorm is min 0, rate 1; UnitNorm min = max = 1.
 */
class NormConstraint implements Constraint {
  constructor(
    readonly className: 'MaxNorm' | 'MinMaxNorm' | 'UnitNorm',
    private readonly c: { minValue: number; maxValue: number; rate: number; axis: number },
  ) {
    for (const [k, v] of Object.entries(c))
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new ValueError(`${className}: '${k}' must be a finite number. Got ${describe(v)} instead.`);
    if (!Number.isInteger(c.axis))
      throw new ValueError(`${className}: 'axis' must be an integer. Got ${c.axis} instead.`);
  }
  apply(w: FloatArray, shape: readonly number[]): void {
    const { minValue: lo, maxValue: hi, rate, axis } = this.c;
    const [outer, len, inner] = aroundAxis(shape, normAxis(this.className, axis, shape.length));
    for (let a = 0; a < outer; a++)
      for (let c = 0; c < inner; c++) {
        const base = a * len * inner + c;
        let s = 0;
        for (let r = 0; r < len; r++) s += w[base + r * inner] ** 2;
        const n = Math.sqrt(s);
        const f = (rate * Math.min(Math.max(n, lo), hi) + (1 - rate) * n) / (EPS + n);
        for (let r = 0; r < len; r++) w[base + r * inner] *= f;
      }
  }
  getConfig() {
    const { minValue, maxValue, rate, axis } = this.c;
    const config: Record<string, number> =
      this.className === 'MaxNorm'
        ? { maxValue, axis }
        : this.className === 'UnitNorm'
          ? { axis }
          : { minValue, maxValue, rate, axis };
    return { className: this.className, config };
  }
}

/** w <- w where w >= 0, else 0. */
class NonNeg implements Constraint {
  apply(w: FloatArray): void {
    for (let i = 0; i < w.length; i++) if (w[i] < 0) w[i] = 0;
  }
  getConfig() {
    return { className: 'NonNeg', config: {} };
  }
}

/** Constraint factories with Keras 3's defaults. */
export const constraints = {
  /** Column norms (axis 0) at most `maxValue` (2). */
  maxNorm: (args: { maxValue?: number; axis?: number } = {}): Constraint =>
    new NormConstraint('MaxNorm', { minValue: 0, maxValue: args.maxValue ?? 2, rate: 1, axis: args.axis ?? 0 }),
  /** Column norms moved towards [minValue (0), maxValue (1)] by `rate` (1). */
  minMaxNorm: (args: { minValue?: number; maxValue?: number; rate?: number; axis?: number } = {}): Constraint =>
    new NormConstraint('MinMaxNorm', {
      minValue: args.minValue ?? 0,
      maxValue: args.maxValue ?? 1,
      rate: args.rate ?? 1,
      axis: args.axis ?? 0,
    }),
  /** Negative weights set to 0. */
  nonNeg: (): Constraint => new NonNeg(),
  /** Column norms (axis 0) equal to 1. */
  unitNorm: (args: { axis?: number } = {}): Constraint =>
    new NormConstraint('UnitNorm', { minValue: 1, maxValue: 1, rate: 1, axis: args.axis ?? 0 }),
};

const BY_NAME: Record<string, (c: Record<string, unknown>) => Constraint> = {
  maxnorm: constraints.maxNorm,
  minmaxnorm: constraints.minMaxNorm,
  nonneg: constraints.nonNeg,
  unitnorm: constraints.unitNorm,
};
const KEYS: Record<string, readonly string[]> = {
  maxnorm: ['maxValue', 'axis'],
  minmaxnorm: ['minValue', 'maxValue', 'rate', 'axis'],
  nonneg: [],
  unitnorm: ['axis'],
};

/** A constraint from a name (either spelling), an instance or `{ className, config }` (model JSON). */
export function resolveConstraint(id: unknown): Constraint {
  if (typeof id === 'object' && id !== null && typeof (id as Constraint).apply === 'function') return id as Constraint;
  const entry = isRecord(id) ? pickKeys('constraint', id, ['className', 'config']) : { className: id };
  const key = typeof entry.className === 'string' ? canonicalName(entry.className) : '';
  const make = Object.prototype.hasOwnProperty.call(BY_NAME, key) ? BY_NAME[key] : undefined;
  if (make === undefined)
    throw new ValueError(
      `Could not interpret constraint identifier: ${describe(id)}. Valid names: maxNorm, minMaxNorm, nonNeg, unitNorm`,
    );
  return make({ ...pickKeys(`${entry.className as string} config`, entry.config ?? {}, KEYS[key] as string[]) });
}

const BOUND = new WeakMap<Tensor, Constraint>();

/** Attaches `c` to weight `w`: the optimizer projects `w` with it after each update. */
export function bindConstraint(w: Tensor, c: Constraint | null): void {
  if (c === null) BOUND.delete(w);
  else BOUND.set(w, c);
}

/** The constraint bound to `w`, if any. */
export function constraintOf(w: Tensor): Constraint | undefined {
  return BOUND.get(w);
}
