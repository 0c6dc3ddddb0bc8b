// scikeras-ts: everything re-exported from one entry point (no side effects).
// The error module is re-exported by name, never with `export *`: the thread pool is loaded with import(),
// so a bundler without code splitting (esbuild --bundle, iife or esm) wraps it and everything it imports
// (errors.ts among them) in a lazy initialiser, and esbuild (0.28) drops that initialiser's call when the
// wrapped module is reached only through `export *` of a `sideEffects: false` package: the classes stay
// undefined ("Class extends value undefined"). test/portability/bundle-no-splitting.test.ts checks every name.
export {
  ScikerasError,
  ValueError,
  ArgumentError,
  ShapeError,
  InvalidParameterError,
  NotFittedError,
  NotCompiledError,
  NonFiniteError,
  BackendUnavailableError,
  ThreadError,
  describe,
} from './core/errors.ts';
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
