// L-BFGS-B without bounds, as SciPy 1.10 runs it for scikit-learn's solver='lbfgs': its iteration (steepest
// descent scaled to a unit step first, then the two-loop recursion over the last m pairs, which equals
// L-BFGS-B's compact form when no bound is active), its Moré-Thuente line search (at most maxls
// evaluations, a restart from steepest descent when it fails), its curvature test for skipping an update,
// and its stop rules in its order. Pure numerics over float64 vectors; imports the line search only.

import { moreThuente } from './line-search.ts';

/**
 * Why `minimizeLbfgs` stopped, as SciPy's task message says it: 'pgtol' (CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL)
 * and 'factr' (CONVERGENCE: REL_REDUCTION_OF_F_<=_FACTR*EPSMCH) are SciPy's status 0, 'max_iter' and 'max_fun'
 * (STOP: TOTAL NO. of ...) status 1, 'abnormal' (ABNORMAL_TERMINATION_IN_LNSRCH) status 2.
 */
export type LbfgsStatus = 'pgtol' | 'factr' | 'max_iter' | 'max_fun' | 'abnormal';

export interface LbfgsResult {
  x: Float64Array;
  f: number;
  /** Completed iterations (SciPy's nit). */
  iterations: number;
  /** Evaluations of f and its gradient, the first included (SciPy's nfev). */
  evaluations: number;
  status: LbfgsStatus;
}

export interface LbfgsOptions {
  maxIter: number;
  /** Evaluations allowed; like SciPy, checked when an iteration ends (the last line search may pass it). */
  maxFun: number;
  /** Stop when max |g_i| <= gtol (SciPy's pgtol). */
  gtol: number;
  /** Stop when (f_k - f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) <= ftol (SciPy's default factr·eps = 2.22e-9). */
  ftol?: number;
  /** Pairs kept (SciPy's maxcor, 10). */
  m?: number;
  /** Evaluations per line search (SciPy's maxls, 20). */
  maxLs?: number;
}

const EPS = 2.220446049250313e-16;

/**
 * Minimises f, given as `evaluate(x, grad) -> f(x)` (it writes the gradient into `grad`), from `x0`.
 * Stops, in SciPy's order after each iteration: `maxIter` iterations, more than `maxFun` evaluations,
 * max |g| <= gtol, a relative reduction of f at most ftol; before the first: max |g| <= gtol.
 */
export function minimizeLbfgs(
  evaluate: (x: Float64Array, grad: Float64Array) => number,
  x0: Float64Array,
  options: LbfgsOptions,
): LbfgsResult {
  const n = x0.length;
  const m = options.m ?? 10;
  const maxLs = options.maxLs ?? 20;
  const ftol = options.ftol ?? 2.220446049250313e-9;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  const xOld = new Float64Array(n);
  const gOld = new Float64Array(n);
  const d = new Float64Array(n);
  // The last m pairs s = x_{k+1} - x_k, y = g_{k+1} - g_k in a ring (oldest at `head`).
  const S = Array.from({ length: m }, () => new Float64Array(n));
  const Y = Array.from({ length: m }, () => new Float64Array(n));
  const rho = new Float64Array(m);
  const alpha = new Float64Array(m);
  let col = 0;
  let head = 0;
  const search = moreThuente();

  let f = evaluate(x, g);
  let evaluations = 1;
  let iterations = 0;
  const done = (status: LbfgsStatus): LbfgsResult => ({ x, f, iterations, evaluations, status });
  if (maxAbs(g) <= options.gtol) return done('pgtol');

  for (;;) {
    // The search direction: -g while the memory is empty (L-BFGS-B's Cauchy point without bounds), else -H g.
    direction(d, g, S, Y, rho, alpha, col, head, m);
    let gd = dot(g, d);
    if (!(gd < 0)) {
      // Not a descent direction: L-BFGS-B refreshes the memory, or gives up when it is already empty.
      if (col === 0) return done('abnormal');
      col = 0;
      continue;
    }
    const gdOld = gd;
    const fOld = f;
    xOld.set(x);
    gOld.set(g);
    // The very first step has unit length; later steps start at the full quasi-Newton step.
    let task = search.start(f, gd, iterations === 0 ? Math.min(1 / Math.sqrt(dot(d, d)), 1e10) : 1);
    let tried = 0;
    let failed = false;
    while (task === 'fg') {
      if (tried >= maxLs) {
        failed = true;
        break;
      }
      tried++;
      const stp = search.stp();
      for (let i = 0; i < n; i++) x[i] = (xOld[i] as number) + stp * (d[i] as number);
      f = evaluate(x, g);
      evaluations++;
      gd = dot(g, d);
      task = search.next(f, gd);
    }
    if (failed) {
      x.set(xOld);
      g.set(gOld);
      f = fOld;
      if (col === 0) return done('abnormal');
      col = 0; // refresh the memory and retry from steepest descent
      continue;
    }
    const stp = search.stp(); // the last step evaluated: x, f and g are there
    iterations++;
    if (iterations >= options.maxIter) return done('max_iter');
    if (evaluations > options.maxFun) return done('max_fun');
    if (maxAbs(g) <= options.gtol) return done('pgtol');
    if (fOld - f <= ftol * Math.max(Math.abs(fOld), Math.abs(f), 1)) return done('factr');
    // s'y from the line search's derivatives, and L-BFGS-B's test for skipping the update.
    const sy = (gd - gdOld) * stp;
    if (sy <= EPS * -gdOld * stp) continue;
    const k = (head + col) % m;
    const s = S[k] as Float64Array,
      yv = Y[k] as Float64Array;
    for (let i = 0; i < n; i++) {
      s[i] = stp * (d[i] as number);
      yv[i] = (g[i] as number) - (gOld[i] as number);
    }
    rho[k] = 1 / sy;
    if (col < m) col++;
    else head = (head + 1) % m;
  }
}

/** d = -H g by the two-loop recursion over the stored pairs, H0 = (s'y / y'y) I from the newest; -g when none. */
function direction(
  d: Float64Array,
  g: Float64Array,
  S: Float64Array[],
  Y: Float64Array[],
  rho: Float64Array,
  alpha: Float64Array,
  col: number,
  head: number,
  m: number,
): void {
  const n = d.length;
  for (let i = 0; i < n; i++) d[i] = -(g[i] as number);
  if (col === 0) return;
  for (let j = col - 1; j >= 0; j--) {
    const k = (head + j) % m;
    const a = (rho[k] as number) * dot(S[k] as Float64Array, d);
    alpha[k] = a;
    const y = Y[k] as Float64Array;
    for (let i = 0; i < n; i++) d[i] = (d[i] as number) - a * (y[i] as number);
  }
  const newest = (head + col - 1) % m;
  const yn = Y[newest] as Float64Array;
  const gamma = 1 / ((rho[newest] as number) * dot(yn, yn));
  for (let i = 0; i < n; i++) d[i] = (d[i] as number) * gamma;
  for (let j = 0; j < col; j++) {
    const k = (head + j) % m;
    const s = S[k] as Float64Array;
    const b = (rho[k] as number) * dot(Y[k] as Float64Array, d);
    const c = (alpha[k] as number) - b;
    for (let i = 0; i < n; i++) d[i] = (d[i] as number) + c * (s[i] as number);
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

function maxAbs(v: Float64Array): number {
  let a = 0;
  for (let i = 0; i < v.length; i++) a = Math.max(a, Math.abs(v[i] as number));
  return a;
}
