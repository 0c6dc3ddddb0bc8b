// Numeric constants shared by every layer. Imports nothing.

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
