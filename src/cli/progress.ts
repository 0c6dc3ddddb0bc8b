// Per-iteration progress of an MLP fit, read from its verbose output: with `verbose` on, the MLPs print
// scikit-learn's lines ("Iteration 3, loss = 0.41234567", "Validation score: 0.933333") through
// console.log, one per iteration, while they train. This captures those lines (and lets others through)
// for the progress bar, the live chart and the SVG. Portable; imports nothing.

/** One iteration as the MLP reported it; `validationScore` is set when early stopping holds out rows. */
export interface IterationReport {
  iteration: number;
  loss: number;
  validationScore: number | null;
}

const ITERATION = /^Iteration (\d+), loss = (\S+)$/;
const VALIDATION = /^Validation score: (\S+)$/;

type Log = (...args: unknown[]) => void;

/** Who hears the fit's verbose lines. */
export interface IterationListener {
  /** Whether each iteration also reports a validation score (early stopping). */
  validation: boolean;
  onIteration: (r: IterationReport) => void;
  /** Lines that are no iteration report; without a listener they go to console.log. */
  onOther?: (line: string) => void;
}

/**
 * Runs `run` (a fit with the MLP's `verbose` on) with console.log replaced by a reader of its iteration
 * lines: `onIteration` hears each iteration once, with its validation score when `validation` says the fit
 * holds out rows (early stopping: that line follows the iteration's); `onOther` hears the other lines the
 * fit prints (why it stopped), which otherwise go to the console as before. The console is restored when
 * `run` returns, throws, or its promise settles.
 */
export function captureIterations<T>(listen: IterationListener, run: () => T): T {
  const { validation, onIteration, onOther } = listen;
  const c = (globalThis as unknown as { console: { log: Log } }).console;
  const original = c.log;
  let pending: IterationReport | null = null;
  c.log = (...args: unknown[]) => {
    const line = args.length === 1 && typeof args[0] === 'string' ? args[0] : '';
    const it = ITERATION.exec(line);
    const val = VALIDATION.exec(line);
    if (it !== null) {
      const r: IterationReport = { iteration: Number(it[1]), loss: Number(it[2]), validationScore: null };
      if (validation) pending = r;
      else onIteration(r);
    } else if (val !== null && pending !== null) {
      const r = pending;
      pending = null;
      onIteration({ ...r, validationScore: Number(val[1]) });
    } else if (onOther !== undefined) onOther(args.map(String).join(' '));
    else original.apply(c, args);
  };
  const restore = (): void => {
    c.log = original;
  };
  let result: T;
  try {
    result = run();
  } catch (e) {
    restore();
    throw e;
  }
  if (result instanceof Promise) {
    return result.then(
      (v) => {
        restore();
        return v;
      },
      (e: unknown) => {
        restore();
        throw e;
      },
    ) as T;
  }
  restore();
  return result;
}
