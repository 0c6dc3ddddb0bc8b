// scikeras-ts: everything re-exported from one entry point (no side effects).
export * from './core/errors.ts';
export * from './tensor/index.ts';
export {
  Variable,
  variable,
  noGrad,
  isGradEnabled,
  backward,
  grad,
  checkGradients,
  compareGradients,
  softmaxCrossEntropy,
  sigmoidCrossEntropy,
  squaredError,
  type GradNode,
  type GradCheckResult,
} from './autograd/index.ts';
export * from './nn/index.ts';
export * from './estimators/index.ts';
export * from './interop/index.ts';
export { useThreads, useSingleThread, type ThreadsOptions, type ThreadsResult } from './threads/index.ts';
export * from './datasets/index.ts';
