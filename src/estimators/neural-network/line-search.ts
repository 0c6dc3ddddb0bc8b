// The Moré-Thuente line search (MINPACK-2's dcsrch and dcstep), the one SciPy's L-BFGS-B runs: a
// step that satisfies the strong Wolfe conditions, found with safeguarded cubic and quadratic
// interpolation. Pure numerics; imports nothing.

/** What the search asks for next: a function value at `stp` ('fg'), or it is done. */
export type SearchTask = 'fg' | 'convergence' | 'warning';

const XTRAPL = 1.1;
const XTRAPU = 4.0;

/**
 * One line search along a direction: `start(f0, g0, stp)` with the value and directional derivative
 * at step 0 and a first trial step, then `next(f, g)` with the value and derivative at `stp` until
 * the task is no longer 'fg'. Ends with 'convergence' when f(stp) <= f0 + ftol·stp·g0 and
 * |g(stp)| <= gtol·|g0|, or a 'warning' when no further progress is possible (rounding, the
 * interval below xtol, or a bound reached); `stp` then holds the step to take. The caller counts
 * evaluations (L-BFGS-B gives up after 20).
 */
export class MoreThuente {
  stp = 0;
  private brackt = false;
  private stage = 1;
  private finit = 0;
  private ginit = 0;
  private gtest = 0;
  private width = 0;
  private width1 = 0;
  private stx = 0;
  private fx = 0;
  private gx = 0;
  private sty = 0;
  private fy = 0;
  private gy = 0;
  private stmin = 0;
  private stmax = 0;

  constructor(
    private readonly ftol = 1e-3,
    private readonly gtol = 0.9,
    private readonly xtol = 0.1,
    private readonly stpmin = 0,
    private readonly stpmax = 1e10,
  ) {}

  /** Begins a search from f(0) = f, f'(0) = g < 0, with the first trial step `stp`. */
  start(f: number, g: number, stp: number): SearchTask {
    this.stp = Math.min(Math.max(stp, this.stpmin), this.stpmax);
    this.brackt = false;
    this.stage = 1;
    this.finit = f;
    this.ginit = g;
    this.gtest = this.ftol * g;
    this.width = this.stpmax - this.stpmin;
    this.width1 = this.width / 0.5;
    this.stx = 0;
    this.fx = f;
    this.gx = g;
    this.sty = 0;
    this.fy = f;
    this.gy = g;
    this.stmin = 0;
    this.stmax = this.stp + XTRAPU * this.stp;
    return 'fg';
  }

  /** Takes f(stp) and f'(stp); returns the next task (on 'fg', evaluate at the new `stp`). */
  next(f: number, g: number): SearchTask {
    const { gtest, xtol } = this;
    const stp = this.stp;
    if (!Number.isFinite(f) || !Number.isFinite(g)) {
      // Not in MINPACK: an overflowing trial step brackets the minimiser from above and is halved toward
      // the best step, so one non-finite value (a saturated network) does not end the search.
      this.brackt = true;
      this.sty = stp;
      this.fy = Infinity;
      this.gy = Infinity;
      this.stp = this.stx + 0.5 * (stp - this.stx);
      this.stmin = Math.min(this.stx, stp);
      this.stmax = Math.max(this.stx, stp);
      return 'fg';
    }
    const ftest = this.finit + stp * gtest;
    if (this.stage === 1 && f <= ftest && g >= 0) this.stage = 2;
    let task: SearchTask = 'fg';
    if (this.brackt && (stp <= this.stmin || stp >= this.stmax)) task = 'warning'; // rounding errors prevent progress
    if (this.brackt && this.stmax - this.stmin <= xtol * this.stmax) task = 'warning'; // xtol test satisfied
    if (stp === this.stpmax && f <= ftest && g <= gtest) task = 'warning'; // stp = stpmax
    if (stp === this.stpmin && (f > ftest || g >= gtest)) task = 'warning'; // stp = stpmin
    if (f <= ftest && Math.abs(g) <= this.gtol * -this.ginit) task = 'convergence';
    if (task !== 'fg') return task;

    // In the first stage, a lower value without sufficient decrease steps on the modified function
    // psi(a) = f(a) - f(0) - ftol·a·f'(0), whose minimiser is what the first stage looks for.
    if (this.stage === 1 && f <= this.fx && f > ftest) {
      const fm = f - stp * gtest;
      this.fx -= this.stx * gtest;
      this.fy -= this.sty * gtest;
      this.gx -= gtest;
      this.gy -= gtest;
      this.step(fm, g - gtest);
      this.fx += this.stx * gtest;
      this.fy += this.sty * gtest;
      this.gx += gtest;
      this.gy += gtest;
    } else this.step(f, g);

    // Bisect when the interval does not shrink fast enough.
    if (this.brackt) {
      if (Math.abs(this.sty - this.stx) >= 0.66 * this.width1) this.stp = this.stx + 0.5 * (this.sty - this.stx);
      this.width1 = this.width;
      this.width = Math.abs(this.sty - this.stx);
      this.stmin = Math.min(this.stx, this.sty);
      this.stmax = Math.max(this.stx, this.sty);
    } else {
      this.stmin = this.stp + XTRAPL * (this.stp - this.stx);
      this.stmax = this.stp + XTRAPU * (this.stp - this.stx);
    }
    this.stp = Math.min(Math.max(this.stp, this.stpmin), this.stpmax);
    // When no further progress is possible, the best step so far is the last one to try.
    if (
      (this.brackt && (this.stp <= this.stmin || this.stp >= this.stmax)) ||
      (this.brackt && this.stmax - this.stmin <= xtol * this.stmax)
    )
      this.stp = this.stx;
    return 'fg';
  }

  /**
   * dcstep: a safeguarded step from the cubic and quadratic interpolants of the two best points and the
   * trial (value fp, derivative dp at this.stp), and the update of the interval [stx, sty] that holds a
   * minimiser. Its step bounds are the search's current [stmin, stmax], as dcsrch passes them.
   */
  private step(fp: number, dp: number): void {
    const { stx, fx, gx: dx, sty, fy, gy: dy, stp } = this;
    const lo = this.stmin,
      hi = this.stmax;
    const sgnd = dp * (dx / Math.abs(dx));
    let stpf: number;
    if (fp > fx) {
      // A higher value: the minimum is bracketed. Cubic step if closer to stx, else the cubic-quadratic mean.
      const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
      const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
      let gamma = s * Math.sqrt((theta / s) * (theta / s) - (dx / s) * (dp / s));
      if (stp < stx) gamma = -gamma;
      const p = gamma - dx + theta;
      const q = gamma - dx + gamma + dp;
      const stpc = stx + (p / q) * (stp - stx);
      const stpq = stx + (dx / ((fx - fp) / (stp - stx) + dx) / 2) * (stp - stx);
      stpf = Math.abs(stpc - stx) < Math.abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2;
      this.brackt = true;
    } else if (sgnd < 0) {
      // A lower value and derivatives of opposite sign: bracketed; the step farther from stp of cubic and secant.
      const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
      const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
      let gamma = s * Math.sqrt((theta / s) * (theta / s) - (dx / s) * (dp / s));
      if (stp > stx) gamma = -gamma;
      const p = gamma - dp + theta;
      const q = gamma - dp + gamma + dx;
      const stpc = stp + (p / q) * (stx - stp);
      const stpq = stp + (dp / (dp - dx)) * (stx - stp);
      stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
      this.brackt = true;
    } else if (Math.abs(dp) < Math.abs(dx)) {
      // A lower value, same-sign derivatives, the derivative's magnitude decreasing: the cubic step only
      // if it tends to infinity in the direction of the step or its minimum lies beyond stp.
      const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
      const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
      let gamma = s * Math.sqrt(Math.max(0, (theta / s) * (theta / s) - (dx / s) * (dp / s)));
      if (stp > stx) gamma = -gamma;
      const p = gamma - dp + theta;
      const q = gamma + (dx - dp) + gamma;
      const r = p / q;
      const stpc = r < 0 && gamma !== 0 ? stp + r * (stx - stp) : stp > stx ? hi : lo;
      const stpq = stp + (dp / (dp - dx)) * (stx - stp);
      if (this.brackt) {
        stpf = Math.abs(stpc - stp) < Math.abs(stpq - stp) ? stpc : stpq;
        stpf = stp > stx ? Math.min(stp + 0.66 * (sty - stp), stpf) : Math.max(stp + 0.66 * (sty - stp), stpf);
      } else {
        stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
        stpf = Math.max(lo, Math.min(hi, stpf));
      }
    } else if (this.brackt && !Number.isFinite(fy)) {
      stpf = stp + 0.5 * (sty - stp); // sty overflowed (see next): no cubic through it
    } else if (this.brackt) {
      // A lower value, same-sign derivatives, magnitude not decreasing: the cubic step of stp and sty.
      const theta = (3 * (fp - fy)) / (sty - stp) + dy + dp;
      const s = Math.max(Math.abs(theta), Math.abs(dy), Math.abs(dp));
      let gamma = s * Math.sqrt((theta / s) * (theta / s) - (dy / s) * (dp / s));
      if (stp > sty) gamma = -gamma;
      const p = gamma - dp + theta;
      const q = gamma - dp + gamma + dy;
      stpf = stp + (p / q) * (sty - stp);
    } else stpf = stp > stx ? hi : lo;
    if (fp > fx) {
      this.sty = stp;
      this.fy = fp;
      this.gy = dp;
    } else {
      if (sgnd < 0) {
        this.sty = stx;
        this.fy = fx;
        this.gy = dx;
      }
      this.stx = stp;
      this.fx = fp;
      this.gx = dp;
    }
    this.stp = stpf;
  }
}
