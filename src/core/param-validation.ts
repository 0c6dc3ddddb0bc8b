// The one constraint language for hyper-parameters (scikit-learn's utils._param_validation): every
// estimator, transformer and optimizer declares a table of constraints and validates against it with
// scikit-learn's message template. In core because nn's optimizers use it as well as the estimators.
// Imports the error module and the numeric constants only.

import { InvalidParameterError, describe } from './errors.ts';
import { MAX_SEED } from './numeric.ts';

/** A constraint: null when the value is valid, else what was expected ("a float in the range [0.0, inf)"). */
export type Constraint = (v: unknown) => string | null;

/** A constraint for every key of `P`: a parameter without one does not compile. */
export type ConstraintTable<P> = { readonly [K in keyof Required<P>]: Constraint };

type Bracket = '[' | '(';
type CloseBracket = ']' | ')';
/** An interval in scikit-learn's notation, as its messages print it: '[0.0, inf)', '(0, 1]'. */
export type IntervalText = `${Bracket}${string}, ${string}${CloseBracket}`;

function bound(text: string): number {
  const t = text.trim();
  if (t === 'inf') return Infinity;
  if (t === '-inf') return -Infinity;
  const v = Number(t);
  if (t === '' || Number.isNaN(v)) throw new Error(`param-validation: bad interval bound '${text}'`);
  return v;
}

/**
 * Numbers in an interval, written as the message shows it (so '[0.0, inf)' reads as scikit-learn's
 * `Interval(Real, 0.0, None, closed="left")`). Ints must be integers; NaN is never inside.
 */
export function interval(kind: 'float' | 'int', range: IntervalText): Constraint {
  const loOpen = range[0] === '(';
  const hiOpen = range[range.length - 1] === ')';
  const [loText, hiText] = range.slice(1, -1).split(',') as [string, string];
  const lo = bound(loText),
    hi = bound(hiText);
  const expected = `${kind === 'float' ? 'a float' : 'an int'} in the range ${range}`;
  return (v) => {
    const ok =
      typeof v === 'number' &&
      !Number.isNaN(v) &&
      (kind === 'float' || Number.isInteger(v)) &&
      (loOpen ? v > lo : v >= lo) &&
      (hiOpen ? v < hi : v <= hi);
    return ok ? null : expected;
  };
}

/** One of the given strings. */
export function among(...options: readonly string[]): Constraint {
  const expected = `a str among {${options.map((o) => `'${o}'`).join(', ')}}`;
  return (v) => (typeof v === 'string' && options.includes(v) ? null : expected);
}

/** A boolean. */
export const bool: Constraint = (v) => (typeof v === 'boolean' ? null : "an instance of 'bool'");

/** A function. */
export const callable: Constraint = (v) => (typeof v === 'function' ? null : 'a callable');

/** Any value (a parameter whose checks happen where it is used). */
export const anything: Constraint = () => null;

/** Valid when any of the constraints holds; the message lists them all. */
export function either(...constraints: readonly Constraint[]): Constraint {
  return (v) => {
    const messages: string[] = [];
    for (const c of constraints) {
      const m = c(v);
      if (m === null) return null;
      messages.push(m);
    }
    return messages.join(' or ');
  };
}

/** The value null (scikit-learn's None) or what `c` accepts. */
export function nullable(c: Constraint): Constraint {
  return (v) => {
    if (v === null) return null;
    const m = c(v);
    return m === null ? null : `${m} or None`;
  };
}

/** A constraint of its own: `test` decides, `expected` is what the message says was expected. */
export function satisfies(expected: string, test: (v: unknown) => boolean): Constraint {
  return (v) => (test(v) ? null : expected);
}

/** A seed in NumPy's range, or null for a fresh one (scikit-learn's `random_state` as an int or None). */
export const randomState: Constraint = satisfies(
  `an int in the range [0, ${MAX_SEED}] or None`,
  (v) => v === null || (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_SEED),
);

/**
 * Checks `values[k]` against every constraint of the table, throwing scikit-learn's
 * InvalidParameterError: "The 'alpha' parameter of MLPClassifier must be a float in the range
 * [0.0, inf). Got -1 instead."
 */
export function validateParams(owner: string, values: object, table: Readonly<Record<string, Constraint>>): void {
  const record = values as Record<string, unknown>;
  for (const key of Object.keys(table)) {
    const expected = (table[key] as Constraint)(record[key]);
    if (expected !== null) {
      throw new InvalidParameterError(
        `The '${key}' parameter of ${owner} must be ${expected}. Got ${describe(record[key])} instead.`,
      );
    }
  }
}

/** validateParams for a typed table, returning the checked values typed (every key present and valid). */
export function validated<P>(owner: string, values: object, table: ConstraintTable<P>): Required<P> {
  validateParams(owner, values, table as Readonly<Record<string, Constraint>>);
  return values as Required<P>;
}
