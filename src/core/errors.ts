// The one error module. Every layer may import it; it imports nothing.
// Each class carries a discriminating `code` so callers can branch without
// parsing messages.

/** Base class of every error this package throws on purpose. */
export class ScikerasError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
    this.name = new.target.name;
  }
}

/** A value is outside what the argument accepts (names the argument, the expectation and what came). */
export class ValueError extends ScikerasError {
  constructor(message: string, code = 'value') {
    super(code, message);
  }
}

/**
 * A call got an argument it does not take, or one of the wrong kind (where scikit-learn and SciKeras raise
 * TypeError: "fit() got an unexpected keyword argument 'x'").
 */
export class ArgumentError extends ScikerasError {
  constructor(message: string) {
    super('argument', message);
  }
}

/**
 * Operand shapes that an op cannot combine (names the op and both shapes). A ValueError, as scikit-learn
 * raises its shape errors (a wrong-length sample_weight, inconsistent sample counts): code that catches
 * ValueError catches these too.
 */
export class ShapeError extends ValueError {
  constructor(message: string) {
    super(message, 'shape');
  }
}

/** A hyper-parameter failed its constraint (scikit-learn's InvalidParameterError wording). */
export class InvalidParameterError extends ValueError {
  constructor(message: string) {
    super(message, 'invalid_parameter');
  }
}

/** An estimator was used before `fit` (scikit-learn's NotFittedError). */
export class NotFittedError extends ScikerasError {
  constructor(message: string) {
    super('not_fitted', message);
  }
}

/** A model was trained or evaluated before `compile` (Keras raises a RuntimeError here). */
export class NotCompiledError extends ScikerasError {
  constructor(message: string) {
    super('not_compiled', message);
  }
}

/** Training produced NaN or Infinity. */
export class NonFiniteError extends ScikerasError {
  constructor(message: string) {
    super('non_finite', message);
  }
}

/** A backend (WebAssembly, gpu.js) cannot run here; the message says why. */
export class BackendUnavailableError extends ScikerasError {
  constructor(message: string) {
    super('backend_unavailable', message);
  }
}

/** A worker of the thread pool (scikeras-ts/threads) failed or stopped answering; the pool is shut down. */
export class ThreadError extends ScikerasError {
  constructor(message: string) {
    super('thread', message);
  }
}

/**
 * Formats a value for an error message: short, unambiguous, never throws. Nesting beyond a few levels and
 * long strings are cut, so hostile input (arrays thousands deep, megabyte strings) cannot blow the stack
 * or the message.
 */
export function describe(value: unknown): string {
  return show(value, 0);
}

function show(value: unknown, depth: number): string {
  try {
    if (typeof value === 'string')
      return value.length > 80 ? `'${value.slice(0, 77)}...' (${value.length} characters)` : `'${value}'`;
    if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
    if (typeof value === 'bigint') return `${String(value)}n`;
    if (typeof value === 'symbol') return String(value);
    if (typeof value === 'function') return `function ${(value as { name?: unknown }).name || '(anonymous)'}`;
    if (Array.isArray(value)) {
      if (depth >= 3) return value.length === 0 ? '[]' : `[...] (${value.length} items)`;
      const shown = value.slice(0, 8).map((v) => show(v, depth + 1));
      return value.length > 8 ? `[${shown.join(', ')}, ...] (${value.length} items)` : `[${shown.join(', ')}]`;
    }
    const ctor = (value as { constructor?: { name?: unknown } }).constructor;
    return ctor && ctor !== Object && typeof ctor.name === 'string' && ctor.name !== ''
      ? `a ${ctor.name}`
      : 'an object';
  } catch {
    return 'a value that cannot be shown';
  }
}
