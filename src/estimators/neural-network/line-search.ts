// The Moré-Thuente line search (MINPACK-2's dcsrch and dcstep), the one SciPy's L-BFGS-B runs: a
// step that satisfies the strong Wolfe conditions, found with safeguarded cubic and quadratic
// interpolation. Pure numerics; imports nothing. (State in closure variables, not fields, so a
// minifier can shorten every name: the MLP import has a size budget.)

/** What the search asks for next: a function value at `stp` ('fg'), or it is done. */
export type SearchTask = 'fg' | 'convergence' | 'warning';

/**
 * One line search along a direction: `start(f0, g0, stp)` with the value and directional derivative
 * at step 0 and a first trial step, then `next(f, g)` with the value and derivative at `stp()` until
 * the task is no longer 'fg'. Ends with 'convergence' when f(stp) <= f0 + ftol·stp·g0 and
 * |g(stp)| <= gtol·|g0|, or a 'warning' when no further progress is possible (rounding, the
 * interval below xtol, or a bound reached); `stp()` is then the last step evaluated. The caller
 * counts evaluations (L-BFGS-B gives up after 20).
 */
export interface LineSearch {
  /** Begins a search from f(0) = f, f'(0) = g < 0, with the first trial step `stp`. */
  start(f: number, g: number, stp: number): SearchTask;
  /** Takes f(stp()) and f'(stp()); returns the next task (on 'fg', evaluate at the new stp()). */
  next(f: number, g: number): SearchTask;
  /** The step to evaluate next, or the one the search ended on. */
  stp(): number;
}

/** dcsrch with L-BFGS-B's settings by default (ftol 1e-3, gtol 0.9, xtol 0.1, steps in [0, 1e10]). */
export function moreThuente(ftol = 1e-3, gtol = 0.9, xtol = 0.1, stpmin = 0, stpmax = 1e10): LineSearch {
  let stp = 0,
    brackt = false,
    stage = 1,
    finit = 0,
    ginit = 0,
    gtest = 0,
    width = 0,
    width1 = 0;
  // stx: the step with the least value so far; [stx, sty] holds a minimiser once bracketed.
  let stx = 0,
    fx = 0,
    gx = 0,
    sty = 0,
    fy = 0,
    gy = 0,
    stmin = 0,
    stmax = 0;

  /**
   * dcstep: a safeguarded step from the cubic and quadratic interpolants of the two best points and the
   * trial (value fp, derivative dp at stp), and the update of [stx, sty]. Its bounds are the search's
   * current [stmin, stmax], as dcsrch passes them.
   */
  const step = (fp: number, dp: number): void => {
    const sgnd = dp * (gx / Math.abs(gx));
    let stpf: number;
    // theta and gamma of the cubic through (sa, fa, da) and the trial; gamma's sign picks its minimiser.
    const cubic = (fa: number, da: number, sa: number, negate: boolean, clamp?: boolean): [number, number] => {
      const theta = (3 * (fa - fp)) / (stp - sa) + da + dp;
      const s = Math.max(Math.abs(theta), Math.abs(da), Math.abs(dp));
      const d = (theta / s) * (theta / s) - (da / s) * (dp / s);
      const gamma = s * Math.sqrt(clamp ? Math.max(0, d) : d);
      return [theta, negate ? -gamma : gamma];
    };
    if (fp > fx) {
      // A higher value: the minimum is bracketed. Cubic step if closer to stx, else the cubic-quadratic mean.
      const [theta, gamma] = cubic(fx, gx, stx, stp < stx);
      const stpc = stx + ((gamma - gx + theta) / (gamma - gx + gamma + dp)) * (stp - stx);
      const stpq = stx + (gx / ((fx - fp) / (stp - stx) + gx) / 2) * (stp - stx);
      stpf = Math.abs(stpc - stx) < Math.abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2;
      brackt = true;
    } else if (sgnd < 0) {
      // A lower value and derivatives of opposite sign: bracketed; the step farther from stp of cubic and secant.
      const [theta, gamma] = cubic(fx, gx, stx, stp > stx);
      const stpc = stp + ((gamma - dp + theta) / (gamma - dp + gamma + gx)) * (stx - stp);
      const stpq = stp + (dp / (dp - gx)) * (stx - stp);
      stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
      brackt = true;
    } else if (Math.abs(dp) < Math.abs(gx)) {
      // A lower value, same-sign derivatives, the derivative's magnitude decreasing: the cubic step only
      // if it tends to infinity in the direction of the step or its minimum lies beyond stp.
      const [theta, gamma] = cubic(fx, gx, stx, stp > stx, true);
      const r = (gamma - dp + theta) / (gamma + (gx - dp) + gamma);
      const stpc = r < 0 && gamma !== 0 ? stp + r * (stx - stp) : stp > stx ? stmax : stmin;
      const stpq = stp + (dp / (dp - gx)) * (stx - stp);
      const dc = Math.abs(stpc - stp),
        dq = Math.abs(stpq - stp);
      if (brackt) {
        const bound = stp + 0.66 * (sty - stp);
        stpf = dc < dq ? stpc : stpq;
        stpf = stp > stx ? Math.min(bound, stpf) : Math.max(bound, stpf);
      } else stpf = Math.max(stmin, Math.min(stmax, dc > dq ? stpc : stpq));
    } else if (brackt && !Number.isFinite(fy)) {
      stpf = stp + 0.5 * (sty - stp); // sty overflowed (see next): no cubic through it
    } else if (brackt) {
      // A lower value, same-sign derivatives, magnitude not decreasing: the cubic step of stp and sty.
      const [theta, gamma] = cubic(fy, gy, sty, stp > sty);
      stpf = stp + ((gamma - dp + theta) / (gamma - dp + gamma + gy)) * (sty - stp);
    } else stpf = stp > stx ? stmax : stmin;
    if (fp > fx) {
      sty = stp;
      fy = fp;
      gy = dp;
    } else {
      if (sgnd < 0) {
        sty = stx;
        fy = fx;
        gy = gx;
      }
      stx = stp;
      fx = fp;
      gx = dp;
    }
    stp = stpf;
  };

  return {
    stp: () => stp,
    start(f, g, stp0) {
      stp = Math.min(Math.max(stp0, stpmin), stpmax);
      brackt = false;
      stage = 1;
      finit = f;
      ginit = g;
      gtest = ftol * g;
      width = stpmax - stpmin;
      width1 = width / 0.5;
      stx = sty = 0;
      fx = fy = f;
      gx = gy = g;
      stmin = 0;
      stmax = stp + 4 * stp;
      return 'fg';
    },
    next(f, g) {
      if (!Number.isFinite(f) || !Number.isFinite(g)) {
        // Not in MINPACK: an overflowing trial step brackets the minimiser from above and is halved toward
        // the best step, so one non-finite value (a saturated network) does not end the search.
        brackt = true;
        sty = stp;
        fy = gy = Infinity;
        stmin = Math.min(stx, stp);
        stmax = Math.max(stx, stp);
        stp = stx + 0.5 * (stp - stx);
        return 'fg';
      }
      const ftest = finit + stp * gtest;
      if (stage === 1 && f <= ftest && g >= 0) stage = 2;
      if (f <= ftest && Math.abs(g) <= gtol * -ginit) return 'convergence';
      // dcsrch's warnings: rounding errors prevent progress, the xtol test, stp at stpmax or at stpmin.
      if (
        (brackt && (stp <= stmin || stp >= stmax || stmax - stmin <= xtol * stmax)) ||
        (stp === stpmax && f <= ftest && g <= gtest) ||
        (stp === stpmin && (f > ftest || g >= gtest))
      )
        return 'warning';

      // In the first stage, a lower value without sufficient decrease steps on the modified function
      // psi(a) = f(a) - f(0) - ftol·a·f'(0), whose minimiser is what the first stage looks for.
      if (stage === 1 && f <= fx && f > ftest) {
        fx -= stx * gtest;
        fy -= sty * gtest;
        gx -= gtest;
        gy -= gtest;
        step(f - stp * gtest, g - gtest);
        fx += stx * gtest;
        fy += sty * gtest;
        gx += gtest;
        gy += gtest;
      } else step(f, g);

      // Bisect when the interval does not shrink fast enough.
      if (brackt) {
        if (Math.abs(sty - stx) >= 0.66 * width1) stp = stx + 0.5 * (sty - stx);
        width1 = width;
        width = Math.abs(sty - stx);
        stmin = Math.min(stx, sty);
        stmax = Math.max(stx, sty);
      } else {
        stmin = stp + 1.1 * (stp - stx);
        stmax = stp + 4 * (stp - stx);
      }
      stp = Math.min(Math.max(stp, stpmin), stpmax);
      // When no further progress is possible, the best step so far is the last one to try.
      if (brackt && (stp <= stmin || stp >= stmax || stmax - stmin <= xtol * stmax)) stp = stx;
      return 'fg';
    },
  };
}
