// scikit-learn's solver='lbfgs': the full-batch loss (data loss + 0.5 alpha sum(W^2) / n) and its
// gradient through the same model, minimised by L-BFGS over the packed weights. Imports src/core,
// tensor, autograd and nn.

import { NonFiniteError } from '../../core/errors.ts';
import { warn } from '../../core/warnings.ts';
import { Tensor } from '../../tensor/tensor.ts';
import { withArena } from '../../tensor/alloc.ts';
import { backward } from '../../autograd/backward.ts';
import { minimizeLbfgs } from './lbfgs.ts';
import { checkFiniteWeights, type TrainSpec } from './stochastic.ts';

/**
 * Fits the model with L-BFGS; stops at max |g| <= tol, maxIter iterations or maxFun evaluations
 * (a ConvergenceWarning for the last two, as scikit-learn). Runs in one piece, also under fitAsync.
 */
export function trainLbfgs(spec: TrainSpec): void {
  const { model, params: p, state } = spec;
  const weights = model.trainableWeights();
  const total = weights.reduce((s, w) => s + w.size, 0);
  const x0 = new Float64Array(total);
  let o = 0;
  for (const w of weights) {
    x0.set(w.data, o);
    o += w.size;
  }
  const y = model.prepareTargets(spec.y);
  const sw =
    spec.sampleWeight === null
      ? null
      : new Tensor(
          model.dtype === 'float64' ? Float64Array.from(spec.sampleWeight) : Float32Array.from(spec.sampleWeight),
          [spec.sampleWeight.length],
        );
  const evaluate = (theta: Float64Array, grad: Float64Array): number => {
    let off = 0;
    for (const w of weights) {
      w.data.set(theta.subarray(off, off + w.size));
      off += w.size;
    }
    return withArena(model.arena('lbfgs'), () => {
      for (const w of weights) w.grad = null;
      const { loss } = model.lossAndOutputs(spec.X, y, sw, true);
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
  for (const w of weights) {
    w.data.set(res.x.subarray(off, off + w.size));
    off += w.size;
  }
  state.nIter_ = res.iterations;
  state.loss_ = res.f;
  if (!Number.isFinite(res.f)) {
    throw new NonFiniteError(
      `The loss is ${res.f} after ${res.iterations} L-BFGS iterations: the data overflow the model's ${p.dtype}. ` +
        `Scale the inputs and targets, or use dtype 'float64'.`,
    );
  }
  if (res.status === 'max_iter' || res.status === 'max_fun') {
    const why =
      res.status === 'max_iter'
        ? 'TOTAL NO. of ITERATIONS REACHED LIMIT'
        : 'TOTAL NO. of f AND g EVALUATIONS EXCEEDS LIMIT';
    warn(
      'ConvergenceWarning',
      `lbfgs failed to converge (status=1):\nSTOP: ${why}.\n\nIncrease the number of iterations (maxIter) or scale the data.`,
    );
  }
  checkFiniteWeights(model);
}
