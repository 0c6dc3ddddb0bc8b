// Numeric constants and NumPy's small helpers (linspace, the median of sorted numbers) shared by every
// layer. Imports nothing.

/** Machine epsilon of float64 (NumPy's np.finfo(np.float64).eps). */
export const FLOAT64_EPS = 2.220446049250313e-16;
/** Machine epsilon of float32 (NumPy's np.finfo(np.float32).eps). */
export const FLOAT32_EPS = 1.1920928955078125e-7;

/** Machine epsilon of a float dtype: scikit-learn clips probabilities to [eps, 1 - eps] with it. */
export function machineEps(dtype: 'float32' | 'float64'): number {
  return dtype === 'float64' ? FLOAT64_EPS : FLOAT32_EPS;
}

/** Largest seed NumPy's RandomState accepts (2^32 - 1): randomState parameters share its range. */
export const MAX_SEED = 4294967295;

/** NumPy's linspace(start, stop, num, endpoint): i * step + start, the last value exactly stop with `endpoint`. */
export function linspace(start: number, stop: number, num: number, endpoint = true): number[] {
  const div = endpoint ? num - 1 : num;
  const step = (stop - start) / div;
  const y = Array.from({ length: num }, (_, i) => (div > 0 ? i * step + start : start));
  if (endpoint && num > 1) y[num - 1] = stop;
  return y;
}

/** NumPy's median of numbers already in ascending order: the middle one, or the mean of the two middle ones. */
export function sortedMedian(sorted: ArrayLike<number>): number {
  const n = sorted.length,
    h = n >> 1;
  return n % 2 === 1 ? (sorted[h] as number) : ((sorted[h - 1] as number) + (sorted[h] as number)) / 2;
}
