// A limited-memory BFGS minimiser over a packed float64 parameter vector,
// for scikit-learn's solver='lbfgs'. Pure numerics; imports nothing.

/** Why `minimizeLbfgs` stopped. */
export type LbfgsStatus = 'converged' | 'max_iter' | 'max_fun' | 'line_search';

export interface LbfgsResult {
  x: Float64Array;
  f: number;
  iterations: number;
  evaluations: number;
  status: LbfgsStatus;
}

/**
 * Minimises f, given as `evaluate(x, grad) -> f(x)` (it writes the gradient
 * into `grad`), from `x0`. Two-loop recursion over the last `m` steps, a
 * backtracking Armijo line search (the first iteration starts from a step of
 * 1/|g|), and the stop rules scikit-learn passes to SciPy: max |g| <= gtol,
 * `maxIter` iterations, `maxFun` evaluations.
 */
export function minimizeLbfgs(
  evaluate: (x: Float64Array, grad: Float64Array) => number,
  x0: Float64Array,
  options: { maxIter: number; maxFun: number; gtol: number; m?: number },
): LbfgsResult {
  const n = x0.length;
  const m = options.m ?? 10;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const d = new Float64Array(n);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(m);
  let f = evaluate(x, g);
  let evaluations = 1;
  let iterations = 0;
  const maxAbs = (v: Float64Array): number => {
    let a = 0;
    for (let i = 0; i < v.length; i++) a = Math.max(a, Math.abs(v[i] as number));
    return a;
  };
  const dot = (a: Float64Array, b: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
    return s;
  };
  while (true) {
    if (!(maxAbs(g) > options.gtol)) return { x, f, iterations, evaluations, status: 'converged' };
    if (iterations >= options.maxIter) return { x, f, iterations, evaluations, status: 'max_iter' };
    // d = -H g through the two-loop recursion.
    for (let i = 0; i < n; i++) d[i] = -(g[i] as number);
    for (let j = S.length - 1; j >= 0; j--) {
      const a = (rho[j] as number) * dot(S[j] as Float64Array, d);
      alpha[j] = a;
      const y = Y[j] as Float64Array;
      for (let i = 0; i < n; i++) d[i] = (d[i] as number) - a * (y[i] as number);
    }
    if (S.length > 0) {
      const k = S.length - 1;
      const gamma = dot(S[k] as Float64Array, Y[k] as Float64Array) / dot(Y[k] as Float64Array, Y[k] as Float64Array);
      for (let i = 0; i < n; i++) d[i] = (d[i] as number) * gamma;
    }
    for (let j = 0; j < S.length; j++) {
      const s = S[j] as Float64Array;
      const b = (rho[j] as number) * dot(Y[j] as Float64Array, d);
      const a = alpha[j] as number;
      for (let i = 0; i < n; i++) d[i] = (d[i] as number) + (a - b) * (s[i] as number);
    }
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // Not a descent direction (curvature information went stale): restart from steepest descent.
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      for (let i = 0; i < n; i++) d[i] = -(g[i] as number);
      slope = dot(g, d);
    }
    let step = S.length === 0 ? Math.min(1, 1 / Math.max(maxAbs(g), 1e-12)) : 1;
    let fNew = Infinity;
    let accepted = false;
    while (evaluations < options.maxFun) {
      for (let i = 0; i < n; i++) xNew[i] = (x[i] as number) + step * (d[i] as number);
      fNew = evaluate(xNew, gNew);
      evaluations++;
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      step *= 0.5;
      if (step < 1e-20) break;
    }
    if (!accepted)
      return { x, f, iterations, evaluations, status: evaluations >= options.maxFun ? 'max_fun' : 'line_search' };
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = (xNew[i] as number) - (x[i] as number);
      y[i] = (gNew[i] as number) - (g[i] as number);
    }
    const sy = dot(s, y);
    if (sy > 1e-10 * dot(y, y)) {
      if (S.length === m) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
    }
    x.set(xNew);
    g.set(gNew);
    f = fNew;
    iterations++;
    if (evaluations >= options.maxFun) return { x, f, iterations, evaluations, status: 'max_fun' };
  }
}
