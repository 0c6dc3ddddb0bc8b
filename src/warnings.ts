// Soft problems (scikit-learn's and Keras' warnings): a category and a message sent to
// one replaceable handler, console.warn by default. Every layer may import it; it imports nothing.

declare const console: { warn(...args: unknown[]): void };

export type WarningCategory = 'ConvergenceWarning' | 'UserWarning' | 'DataConversionWarning' | 'UndefinedMetricWarning';

type Handler = (category: WarningCategory, message: string) => void;

let handler: Handler = (category, message) => console.warn(`${category}: ${message}`);

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
