// Weight constraints (Keras' MaxNorm, NonNeg, UnitNorm): projections the optimizer applies to a weight in place
// after each update, as Keras applies `variable.constraint`. A layer binds a constraint to its weight when it
// builds it, so every training path honours it. Imports tensor only.

import { ValueError, describe } from '../core/errors.ts';
import { interval, validateParams } from '../core/param-validation.ts';
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
  | 'nonNeg'
  | 'non_neg'
  | 'unitNorm'
  | 'unit_norm'
  | Constraint
  | { className: string; config?: Record<string, unknown> };

/**
 * The norms along `axis` (Keras: a Dense kernel's columns, one per unit, with axis 0) brought to at most maxValue
 * (MaxNorm) or to 1 (UnitNorm): w <- w * min(n, max) / (1e-7 + n), Keras' backend epsilon in the denominator.
 */
class NormConstraint implements Constraint {
  constructor(
    readonly className: 'MaxNorm' | 'UnitNorm',
    private readonly config: { maxValue?: number; axis: number },
  ) {
    validateParams(className, config, {
      axis: interval('int', '(-inf, inf)'),
      ...(className === 'MaxNorm' ? { maxValue: interval('float', '[0, inf)') } : {}),
    });
  }
  apply(w: FloatArray, shape: readonly number[]): void {
    const max = this.config.maxValue;
    const [outer, len, inner] = aroundAxis(shape, normAxis(this.className, this.config.axis, shape.length));
    for (let a = 0; a < outer; a++)
      for (let c = 0; c < inner; c++) {
        const base = a * len * inner + c;
        let s = 0;
        for (let r = 0; r < len; r++) s += w[base + r * inner] ** 2;
        const n = Math.sqrt(s);
        const f = (max === undefined ? 1 : Math.min(n, max)) / (1e-7 + n);
        for (let r = 0; r < len; r++) w[base + r * inner] *= f;
      }
  }
  getConfig() {
    return { className: this.className, config: { ...this.config } as Record<string, number> };
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
    new NormConstraint('MaxNorm', { maxValue: args.maxValue ?? 2, axis: args.axis ?? 0 }),
  /** Negative weights set to 0. */
  nonNeg: (): Constraint => new NonNeg(),
  /** Column norms (axis 0) equal to 1. */
  unitNorm: (args: { axis?: number } = {}): Constraint => new NormConstraint('UnitNorm', { axis: args.axis ?? 0 }),
};

/** A constraint from a name (either spelling), an instance or `{ className, config }` (model JSON). */
export function resolveConstraint(id: unknown): Constraint {
  if (typeof id === 'object' && id !== null && typeof (id as Constraint).apply === 'function') return id as Constraint;
  const entry = isRecord(id) ? pickKeys('constraint', id, ['className', 'config']) : { className: id };
  const key = typeof entry.className === 'string' ? canonicalName(entry.className) : '';
  const where = `${String(entry.className)} config`;
  const config = (keys: string[]) => ({ ...pickKeys(where, entry.config ?? {}, keys) });
  if (key === 'maxnorm') return constraints.maxNorm(config(['maxValue', 'axis']));
  if (key === 'unitnorm') return constraints.unitNorm(config(['axis']));
  if (key === 'nonneg') return (config([]), constraints.nonNeg());
  throw new ValueError(
    `Could not interpret constraint identifier: ${describe(id)}. Valid names: maxNorm, nonNeg, unitNorm`,
  );
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
