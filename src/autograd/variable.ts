// The graph's one node type: a Tensor that remembers the op that made it, its
// ordered inputs and the rule that pushes its gradient back. Imports tensor only.

import { Tensor } from '../tensor/tensor.ts';
import type { TypedArray } from '../tensor/dtype.ts';
import type { Shape } from '../tensor/shape.ts';

/** How an op's output gradient flows to its inputs: one entry per input, null where none is needed. */
export type BackwardRule = (gradOut: Tensor) => ReadonlyArray<Tensor | null>;

export interface GradNode {
  readonly op: string;
  readonly inputs: readonly Tensor[];
  readonly backward: BackwardRule;
}

/**
 * A tensor in the autodiff graph. Leaves with `requiresGrad` collect `.grad`
 * on `backward()`; results of ops on them carry a `node`.
 */
export class Variable extends Tensor {
  requiresGrad: boolean;
  grad: Tensor | null = null;
  node: GradNode | null;

  constructor(data: TypedArray, shape: Shape, options: { requiresGrad?: boolean; node?: GradNode | null } = {}) {
    super(data, shape);
    this.node = options.node ?? null;
    this.requiresGrad = options.requiresGrad ?? this.node !== null;
  }

  /** The value without graph information. */
  detach(): Tensor {
    return new Tensor(this.data, this.shape);
  }

  /** Clears the accumulated gradient. */
  zeroGrad(): void {
    this.grad = null;
  }
}

/**
 * Wraps a tensor as a graph leaf (sharing its data).
 *
 * @example
 * const w = variable(tensor([[1, 2]]), { requiresGrad: true });
 */
export function variable(t: Tensor, options: { requiresGrad?: boolean } = {}): Variable {
  return new Variable(t.data, t.shape, { requiresGrad: options.requiresGrad ?? true });
}

let gradEnabled = true;

/** Whether ops currently record the graph. */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Runs `fn` without recording (prediction, optimizer updates). */
export function noGrad<T>(fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

/** True when gradients must flow into `t`. */
export function needsGrad(t: Tensor): boolean {
  return t instanceof Variable && t.requiresGrad;
}

/** Wraps an op's output, recording the node when grad mode is on and an input needs it. */
export function record(op: string, out: Tensor, inputs: readonly Tensor[], backward: BackwardRule): Variable {
  let tracked = false;
  if (gradEnabled) for (const x of inputs) if (needsGrad(x)) tracked = true;
  return new Variable(out.data, out.shape, { node: tracked ? { op, inputs, backward } : null });
}
