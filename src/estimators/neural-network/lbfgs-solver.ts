// scikit-learn's solver='lbfgs': the full-batch loss (data loss + 0.5 alpha sum(W^2) / n) and its
// gradient through the same model, minimised by L-BFGS over the packed weights. Imports src/core,
// tensor, autograd and nn.

import { NonFiniteError } from '../../core/errors.ts';
import { warn } from '../../core/warnings.ts';
import { Tensor } from '../../tensor/tensor.ts';
import type { Sequential } from '../../nn/sequential.ts';
import { withArena } from '../../tensor/alloc.ts';
import { backward } from '../../autograd/backward.ts';
import { minimizeLbfgs } from './lbfgs.ts';
import { checkFiniteWeights, type TrainSpec } from './stochastic.ts';

/**
 * Fits the model with L-BFGS-B's iteration and stop rules as scikit-learn runs SciPy's: max |g| <= tol,
 * a relative reduction of the loss at most 2.22e-9 (SciPy's default ftol), maxIter iterations, more than
 * maxFun evaluations (a ConvergenceWarning for the last two and for a failed line search, as there).
 * Runs in one piece, also under fitAsync.
 */
export function trainLbfgs(spec: TrainSpec, float64Twin: () => Sequential): void {
  const { params: p, state } = spec;
  // scikit-learn's loss and gradient are float64 whatever X's dtype (its packed float64 weights upcast a
  // float32 X), and L-BFGS-B's relative-reduction test needs that resolution: a float32 model is
  // optimised through a float64 twin and receives the final weights rounded to float32.
  const model = spec.model.dtype === 'float64' ? spec.model : float64Twin();
  if (model !== spec.model) model.setWeights(spec.model.getWeights());
  const X = asFloat64(spec.X);
  const weights = model.trainableWeights();
  const total = weights.reduce((s, w) => s + w.size, 0);
  const x0 = new Float64Array(total);
  let o = 0;
  for (const w of weights) {
    x0.set(w.data, o);
    o += w.size;
  }
  const y = model.prepareTargets(asFloat64(spec.y));
  const sw =
    spec.sampleWeight === null ? null : new Tensor(Float64Array.from(spec.sampleWeight), [spec.sampleWeight.length]);
  const evaluate = (theta: Float64Array, grad: Float64Array): number => {
    let off = 0;
    for (const w of weights) {
      w.data.set(theta.subarray(off, off + w.size));
      off += w.size;
    }
    return withArena(model.arena('lbfgs'), () => {
      for (const w of weights) w.grad = null;
      const { loss } = model.lossAndOutputs(X, y, sw, true);
      backward(loss);
      let q = 0;
      for (const w of weights) {
        if (w.grad === null) grad.fill(0, q, q + w.size);
        else grad.set(w.grad.data, q);
        q += w.size;
      }
      return loss.data[0] as number;
    });
  };
  const res = minimizeLbfgs(evaluate, x0, { maxIter: p.maxIter, maxFun: p.maxFun, gtol: p.tol });
  let off = 0;
  for (const w of spec.model.trainableWeights()) {
    w.data.set(res.x.subarray(off, off + w.size));
    off += w.size;
  }
  state.nIter_ = Math.min(res.iterations, p.maxIter);
  state.loss_ = res.f;
  if (!Number.isFinite(res.f)) {
    throw new NonFiniteError(
      `The loss is ${res.f} after ${res.iterations} L-BFGS iterations: the data overflow float64. ` +
        `Scale the inputs and targets.`,
    );
  }
  // scikit-learn warns on every status but SciPy's 0 (converged): 1 for the limits, 2 for a failed line search.
  const stop = res.status === 'max_iter' ? 'ITERATIONS REACHED LIMIT' : 'f AND g EVALUATIONS EXCEEDS LIMIT';
  if (res.status !== 'pgtol' && res.status !== 'factr') {
    warn(
      'ConvergenceWarning',
      `lbfgs failed to converge (status=${res.status === 'abnormal' ? '2):\nABNORMAL_TERMINATION_IN_LNSRCH' : `1):\nSTOP: TOTAL NO. of ${stop}`}.\n\n` +
        'Increase the number of iterations (maxIter) or scale the data.',
    );
  }
  checkFiniteWeights(spec.model);
}

function asFloat64(t: Tensor): Tensor {
  return t.dtype === 'float64' ? t : new Tensor(Float64Array.from(t.data), t.shape);
}
