// Public surface of scikeras-ts/tensor: re-exports only.
export type { DType, TypedArray, FloatArray } from './dtype.ts';
export type { Shape } from './shape.ts';
export { Tensor, type ArrayOfRank, type NestedArray, type NdArrayLike } from './tensor.ts';
export {
  tensor,
  zeros,
  ones,
  full,
  arange,
  randomUniform,
  randomNormal,
  fromNdarray,
  isNdArrayLike,
  type TensorLike,
  type CreateOptions,
} from './create.ts';
export {
  add,
  sub,
  mul,
  div,
  maximum,
  minimum,
  neg,
  exp,
  log,
  sqrt,
  square,
  abs,
  relu,
  sigmoid,
  tanh,
  clip,
  scale,
  sum,
  mean,
  max,
  argmax,
  softmax,
  logSoftmax,
  take,
  matmul,
  matmulBias,
  cast,
  allFinite,
  broadcastTo,
  type MatmulOptions,
} from './ops.ts';
export { Rng, withSeed, defaultSeed } from './rng.ts';
export { BufferArena, withArena, outsideArena } from './alloc.ts';
export {
  backendInfo,
  setAcceleratedBackend,
  setCpuProvider,
  forceCpuBackend,
  typescriptBackend,
  matmulInto,
  denseChainInto,
  type MatmulBackend,
  type BackendInfo,
  type DenseStep,
} from './backend.ts';
export { wasmBackend } from './wasm/index.ts';
export { useWasmModule } from './use-wasm-module.ts';
