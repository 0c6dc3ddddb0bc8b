// Soft problems (scikit-learn's and Keras' warnings): a category and a message sent to
// one replaceable handler, console.warn by default; and verbose lines. Every layer may import it; it imports nothing.

// Some embedded runtimes have no console at all: output is best effort, never a crash.
function consoleMethod(name: 'log' | 'warn'): ((s: string) => void) | null {
  const c = (globalThis as unknown as { console?: Record<string, unknown> }).console;
  const f = c?.[name];
  return typeof f === 'function' ? (s: string) => (f as (s: string) => void).call(c, s) : null;
}

/** Prints one line of verbose output (console.log where there is one). */
export function print(line: string): void {
  consoleMethod('log')?.(line);
}

export type WarningCategory =
  'ConvergenceWarning' | 'UserWarning' | 'DataConversionWarning' | 'UndefinedMetricWarning' | 'FitFailedWarning';

type Handler = (category: WarningCategory, message: string) => void;

let handler: Handler = (category, message) => consoleMethod('warn')?.(`${category}: ${message}`);

/** Emits a warning through the current handler. */
export function warn(category: WarningCategory, message: string): void {
  handler(category, message);
}

/**
 * Replaces the warning handler (e.g. to silence or collect warnings);
 * returns the previous one so it can be restored.
 *
 * @example
 * const seen: string[] = [];
 * const prev = setWarningHandler((c, m) => seen.push(`${c}: ${m}`));
 */
export function setWarningHandler(h: Handler): Handler {
  const prev = handler;
  handler = h;
  return prev;
}
