// Keras 3's learning-rate schedules: functions of the optimizer's step (its iteration count before the update)
// that carry their className and config, so an optimizer saves them in model JSON. Imports core only.

import { ValueError, describe } from '../core/errors.ts';
import { canonicalName, isRecord, pickKeys } from '../core/objects.ts';

/** A learning rate as a function of the step, as Keras' LearningRateSchedule; built-in ones carry their config. */
export interface LearningRateSchedule {
  (step: number): number;
  readonly className?: string;
  getConfig?(): Record<string, unknown>;
}

export interface ExponentialDecayArgs {
  initialLearningRate: number;
  decaySteps: number;
  decayRate: number;
  staircase?: boolean;
}

export interface PolynomialDecayArgs {
  initialLearningRate: number;
  decaySteps: number;
  endLearningRate?: number;
  power?: number;
  cycle?: boolean;
}

export interface CosineDecayArgs {
  initialLearningRate: number;
  decaySteps: number;
  /** The floor, as a fraction of the rate decayed from (0). */
  alpha?: number;
  /** Warm up linearly from initialLearningRate to it over warmupSteps, then decay from it. */
  warmupTarget?: number | null;
  warmupSteps?: number;
}

type Config = Record<string, unknown>;

/**
 * A schedule of `className`: `args` over `defaults` (every number finite, decaySteps > 0, staircase / cycle
 * booleans), and `f` of the step and that config.
 */
function schedule<C extends Config>(
  className: string,
  args: object,
  defaults: C,
  f: (step: number, c: C) => number,
): LearningRateSchedule {
  const c = { ...defaults, ...pickKeys(className, args, Object.keys(defaults)) } as C;
  for (const [k, v] of Object.entries(c)) {
    const ok =
      k === 'staircase' || k === 'cycle'
        ? typeof v === 'boolean'
        : k === 'boundaries' || k === 'values' || (k === 'warmupTarget' && v === null)
          ? true
          : typeof v === 'number' && Number.isFinite(v) && (k !== 'decaySteps' || v > 0);
    if (!ok)
      throw new ValueError(`${className}: '${k}' must be a valid ${typeof defaults[k]}. Got ${describe(v)} instead.`);
  }
  return Object.assign((step: number) => f(step, c), { className, getConfig: () => ({ ...c }) });
}

const REQUIRED = { initialLearningRate: NaN, decaySteps: NaN };
const decay = { ...REQUIRED, decayRate: NaN, staircase: false };

/** initialLearningRate * decayRate^(step / decaySteps) (the exponent floored with `staircase`). */
const exponentialDecay = (args: ExponentialDecayArgs) =>
  schedule('ExponentialDecay', args, decay, (s, c) => {
    const p = s / c.decaySteps;
    return c.initialLearningRate * Math.pow(c.decayRate, c.staircase ? Math.floor(p) : p);
  });

/** initialLearningRate / (1 + decayRate * step / decaySteps) (the ratio floored with `staircase`). */
const inverseTimeDecay = (args: ExponentialDecayArgs) =>
  schedule('InverseTimeDecay', args, decay, (s, c) => {
    const p = s / c.decaySteps;
    return c.initialLearningRate / (1 + c.decayRate * (c.staircase ? Math.floor(p) : p));
  });

/** values[0] up to boundaries[0] (inclusive), values[i] up to boundaries[i], the last value after. */
function piecewiseConstantDecay(args: { boundaries: number[]; values: number[] }): LearningRateSchedule {
  const { boundaries: b, values: v } = args ?? {};
  const nums = (x: unknown): x is number[] => Array.isArray(x) && x.every((n) => typeof n === 'number');
  if (!nums(b) || !nums(v) || v.length !== b.length + 1)
    throw new ValueError(
      `PiecewiseConstantDecay: 'values' must have one number more than 'boundaries'. Got ${describe(b)} and ${describe(v)} instead.`,
    );
  return schedule('PiecewiseConstantDecay', args, { boundaries: b.slice(), values: v.slice() }, (s) => {
    let i = 0;
    while (i < b.length && s > (b[i] as number)) i++;
    return v[i] as number;
  });
}

/**
 * (initial - end) (1 - step / decaySteps)^power + end, the step held at decaySteps; with `cycle`, decaySteps
 * grows to the next multiple past the step.
 */
const polynomialDecay = (args: PolynomialDecayArgs) =>
  schedule('PolynomialDecay', args, { ...REQUIRED, endLearningRate: 1e-4, power: 1, cycle: false }, (s, c) => {
    const d = c.cycle ? c.decaySteps * Math.max(1, Math.ceil(s / c.decaySteps)) : c.decaySteps;
    const end = c.endLearningRate;
    return (c.initialLearningRate - end) * Math.pow(1 - Math.min(s, d) / d, c.power) + end;
  });

/** Cosine decay with optional linear warmup (Keras 3's CosineDecay). */
const cosineDecay = (args: CosineDecayArgs) =>
  schedule(
    'CosineDecay',
    args,
    { ...REQUIRED, alpha: 0, warmupTarget: null as number | null, warmupSteps: 0 },
    (s, c) => {
      const down = (t: number, from: number) =>
        from * ((1 - c.alpha) * 0.5 * (1 + Math.cos((Math.PI * t) / c.decaySteps)) + c.alpha);
      const lr = c.initialLearningRate,
        target = c.warmupTarget,
        warm = c.warmupSteps;
      if (target === null) return down(Math.min(s, c.decaySteps), lr);
      const t = Math.min(s, c.decaySteps + warm);
      return t < warm ? (target - lr) * (t / warm) + lr : down(t - warm, target);
    },
  );

const MAKERS: Record<string, (a: never) => LearningRateSchedule> = {
  exponentialdecay: exponentialDecay,
  inversetimedecay: inverseTimeDecay,
  piecewiseconstantdecay: piecewiseConstantDecay,
  polynomialdecay: polynomialDecay,
  cosinedecay: cosineDecay,
};

/** A learning rate as given: a number, a schedule function, or a schedule's `{ className, config }` (model JSON). */
export function resolveLearningRate(v: unknown): number | LearningRateSchedule {
  if (typeof v === 'number' || typeof v === 'function') return v as number | LearningRateSchedule;
  if (isRecord(v)) {
    const e = pickKeys('learning rate schedule', v, ['className', 'config']);
    const key = typeof e.className === 'string' ? canonicalName(e.className) : '';
    const make = Object.prototype.hasOwnProperty.call(MAKERS, key) ? MAKERS[key] : undefined;
    if (make !== undefined && isRecord(e.config)) return make({ ...e.config } as never);
  }
  throw new ValueError(`learningRate: expected a number or a schedule. Got ${describe(v)} instead.`);
}

/**
 * Keras' learning-rate schedules, callable as `schedule(step)` and accepted wherever a learningRate number is.
 *
 * @example
 * optimizers.adam({ learningRate: optimizers.schedules.exponentialDecay({ initialLearningRate: 0.01, decaySteps: 100, decayRate: 0.9 }) });
 */
export const schedules = { exponentialDecay, inverseTimeDecay, piecewiseConstantDecay, polynomialDecay, cosineDecay };
