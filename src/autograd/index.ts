// Public surface of scikeras-ts/autograd: re-exports only.
export { Variable, variable, noGrad, isGradEnabled, record, type GradNode, type BackwardRule } from './variable.ts';
export { backward, grad, unbroadcast } from './backward.ts';
export {
  add,
  sub,
  mul,
  div,
  neg,
  scale,
  exp,
  log,
  sqrt,
  square,
  abs,
  maximum,
  minimum,
  clip,
  relu,
  sigmoid,
  tanh,
  softmax,
  logSoftmax,
  sum,
  mean,
  max,
  matmul,
  take,
  reshape,
  transpose,
  dense,
  type DenseActivation,
} from './ops.ts';
export { elu, selu, gelu, softplus, softsign, silu, relu6, leakyRelu, hardSigmoid, mish, erf } from './activations.ts';
export {
  softmaxCrossEntropy,
  sigmoidCrossEntropy,
  squaredError,
  weightPenalty,
  type FusedLossOptions,
  type SigmoidLossOptions,
  type SquaredErrorOptions,
} from './losses.ts';
export { checkGradients, compareGradients, type GradCheckResult } from './gradcheck.ts';
export { argmax } from '../tensor/ops.ts';
