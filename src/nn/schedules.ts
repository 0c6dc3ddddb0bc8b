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

type Args = Record<string, unknown>;

function num(where: string, a: Args, key: string, test: (v: number) => boolean, fallback?: number): number {
  const v = a[key] ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || !test(v))
    throw new ValueError(`${where}: '${key}' must be a valid number. Got ${describe(a[key])} instead.`);
  return v;
}

const positive = (v: number) => v > 0;
const any = () => true;

function schedule(className: string, config: Args, f: (step: number) => number): LearningRateSchedule {
  return Object.assign((step: number) => f(step), { className, getConfig: () => ({ ...config }) });
}

export interface ExponentialDecayArgs {
  initialLearningRate: number;
  decaySteps: number;
  decayRate: number;
  staircase?: boolean;
}

/** initialLearningRate * decayRate^(step / decaySteps) (the exponent floored with `staircase`). */
function exponentialDecay(args: ExponentialDecayArgs): LearningRateSchedule {
  const a = args as unknown as Args;
  const lr = num('exponentialDecay', a, 'initialLearningRate', any);
  const steps = num('exponentialDecay', a, 'decaySteps', positive);
  const rate = num('exponentialDecay', a, 'decayRate', any);
  const stair = args.staircase === true;
  return schedule(
    'ExponentialDecay',
    { initialLearningRate: lr, decaySteps: steps, decayRate: rate, staircase: stair },
    (s) => {
      const p = s / steps;
      return lr * Math.pow(rate, stair ? Math.floor(p) : p);
    },
  );
}

/** initialLearningRate / (1 + decayRate * step / decaySteps) (the ratio floored with `staircase`). */
function inverseTimeDecay(args: ExponentialDecayArgs): LearningRateSchedule {
  const a = args as unknown as Args;
  const lr = num('inverseTimeDecay', a, 'initialLearningRate', any);
  const steps = num('inverseTimeDecay', a, 'decaySteps', positive);
  const rate = num('inverseTimeDecay', a, 'decayRate', any);
  const stair = args.staircase === true;
  return schedule(
    'InverseTimeDecay',
    { initialLearningRate: lr, decaySteps: steps, decayRate: rate, staircase: stair },
    (s) => {
      const p = s / steps;
      return lr / (1 + rate * (stair ? Math.floor(p) : p));
    },
  );
}

/** values[0] up to boundaries[0] (inclusive), values[i] up to boundaries[i], values[last] after. */
function piecewiseConstantDecay(args: { boundaries: number[]; values: number[] }): LearningRateSchedule {
  const { boundaries, values } = args ?? ({} as { boundaries: number[]; values: number[] });
  const ok = (x: unknown): x is number[] =>
    Array.isArray(x) && x.every((v) => typeof v === 'number' && Number.isFinite(v));
  if (!ok(boundaries) || !ok(values) || values.length !== boundaries.length + 1)
    throw new ValueError(
      `piecewiseConstantDecay: 'values' must have one more number than 'boundaries'. Got ${describe(boundaries)} and ${describe(values)} instead.`,
    );
  return schedule('PiecewiseConstantDecay', { boundaries: boundaries.slice(), values: values.slice() }, (s) => {
    let i = 0;
    while (i < boundaries.length && s > (boundaries[i] as number)) i++;
    return values[i] as number;
  });
}

export interface PolynomialDecayArgs {
  initialLearningRate: number;
  decaySteps: number;
  endLearningRate?: number;
  power?: number;
  cycle?: boolean;
}

/**
 * (initial - end) (1 - step / decaySteps)^power + end, the step held at decaySteps; with `cycle`, decaySteps
 * grows to the next multiple past the step.
 */
function polynomialDecay(args: PolynomialDecayArgs): LearningRateSchedule {
  const a = args as unknown as Args;
  const lr = num('polynomialDecay', a, 'initialLearningRate', any);
  const steps = num('polynomialDecay', a, 'decaySteps', positive);
  const end = num('polynomialDecay', a, 'endLearningRate', any, 1e-4);
  const power = num('polynomialDecay', a, 'power', any, 1);
  const cycle = args.cycle === true;
  const config = { initialLearningRate: lr, decaySteps: steps, endLearningRate: end, power, cycle };
  return schedule('PolynomialDecay', config, (s) => {
    let d = steps,
      t = s;
    if (cycle) d = steps * (s === 0 ? 1 : Math.ceil(s / steps));
    else t = Math.min(s, steps);
    return (lr - end) * Math.pow(1 - t / d, power) + end;
  });
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

/** Cosine decay with optional linear warmup (Keras 3's CosineDecay). */
function cosineDecay(args: CosineDecayArgs): LearningRateSchedule {
  const a = args as unknown as Args;
  const lr = num('cosineDecay', a, 'initialLearningRate', any);
  const steps = num('cosineDecay', a, 'decaySteps', positive);
  const alpha = num('cosineDecay', a, 'alpha', any, 0);
  const target = args.warmupTarget ?? null;
  if (target !== null) num('cosineDecay', a, 'warmupTarget', any);
  const warm = num('cosineDecay', a, 'warmupSteps', (v) => v >= 0, 0);
  const decay = (s: number, from: number) => from * ((1 - alpha) * 0.5 * (1 + Math.cos((Math.PI * s) / steps)) + alpha);
  const config = { initialLearningRate: lr, decaySteps: steps, alpha, warmupTarget: target, warmupSteps: warm };
  return schedule('CosineDecay', config, (s) => {
    if (target === null) return decay(Math.min(s, steps), lr);
    const t = Math.min(s, steps + warm);
    return t < warm ? (target - lr) * (t / warm) + lr : decay(t - warm, target);
  });
}

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
  throw new ValueError(
    `learningRate: expected a number, a schedule (optimizers.schedules.*) or a schedule's { className, config }. Got ${describe(v)} instead.`,
  );
}

/**
 * Keras' learning-rate schedules, callable as `schedule(step)` and accepted wherever a learningRate number is.
 *
 * @example
 * optimizers.adam({ learningRate: optimizers.schedules.exponentialDecay({ initialLearningRate: 0.01, decaySteps: 100, decayRate: 0.9 }) });
 */
export const schedules = { exponentialDecay, inverseTimeDecay, piecewiseConstantDecay, polynomialDecay, cosineDecay };
