// Reverse-mode accumulation: iterative topological sort, the one unbroadcast
// helper, grad(f). Imports tensor and the node type.

import { ShapeError, ValueError } from '../core/errors.ts';
import { Tensor } from '../tensor/tensor.ts';
import * as K from '../tensor/ops.ts';
import { sameShape, fmt } from '../tensor/shape.ts';
import { ones } from '../tensor/create.ts';
import { Variable, variable, needsGrad } from './variable.ts';

/** Sums a broadcast gradient back to the shape of the input it came from. */
export function unbroadcast(g: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.ndim - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.ndim; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  const s = K.sum(g, axes, true);
  return s.reshape(shape);
}

function topoOrder(root: Variable): Variable[] {
  const order: Variable[] = [];
  const seen = new Set<Variable>();
  const stack: Array<[Variable, number]> = [[root, 0]];
  seen.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as [Variable, number];
    const [v, i] = top;
    const inputs = v.node === null ? [] : v.node.inputs;
    if (i < inputs.length) {
      top[1] = i + 1;
      const x = inputs[i];
      if (x instanceof Variable && x.requiresGrad && !seen.has(x)) {
        seen.add(x);
        stack.push([x, 0]);
      }
    } else {
      stack.pop();
      order.push(v);
    }
  }
  return order;
}

/**
 * Accumulates d(root)/d(leaf) into `.grad` of every leaf that requires it.
 * `root` must be a scalar unless `gradient` (d(out)/d(root)) is given.
 */
export function backward(root: Tensor, options: { gradient?: Tensor } = {}): void {
  if (!(root instanceof Variable) || !root.requiresGrad) {
    throw new ValueError(
      'backward: the tensor does not require gradients (no input was a variable with requiresGrad, or it was computed under noGrad)',
    );
  }
  let seed = options.gradient;
  if (seed === undefined) {
    if (root.size !== 1)
      throw new ShapeError(`backward: the root has shape ${fmt(root.shape)}; pass { gradient } for a non-scalar root`);
    seed = ones(root.shape, { dtype: root.dtype });
  } else if (!sameShape(seed.shape, root.shape)) {
    throw new ShapeError(`backward: gradient shape ${fmt(seed.shape)} differs from the root's ${fmt(root.shape)}`);
  }
  const grads = new Map<Variable, Tensor>([[root, seed]]);
  const order = topoOrder(root);
  for (let i = order.length - 1; i >= 0; i--) {
    const v = order[i] as Variable;
    const g = grads.get(v);
    if (g === undefined) continue;
    grads.delete(v);
    if (v.node === null) {
      v.grad = v.grad === null ? g : K.add(v.grad, g);
      continue;
    }
    const { inputs } = v.node;
    const gin = v.node.backward(g);
    for (let j = 0; j < inputs.length; j++) {
      const x = inputs[j] as Tensor;
      const gx = gin[j];
      if (gx == null || !needsGrad(x)) continue;
      const gs = unbroadcast(gx, x.shape);
      const prev = grads.get(x as Variable);
      grads.set(x as Variable, prev === undefined ? gs : K.add(prev, gs));
    }
  }
}

/**
 * Functional gradient: `grad(f)(...inputs)` returns df/dinput for every
 * input, in order, as plain tensors. `f` must return a scalar.
 *
 * @example
 * const [dx] = grad((x) => sum(square(x)))(tensor([1, 2])); // [2, 4]
 */
export function grad(f: (...inputs: Variable[]) => Tensor): (...inputs: Tensor[]) => Tensor[] {
  return (...inputs) => {
    const vars = inputs.map((t) => variable(t, { requiresGrad: true }));
    const out = f(...vars);
    backward(out);
    return vars.map((v) => (v.grad === null ? K.scale(v, 0) : new Tensor(v.grad.data, v.grad.shape)));
  };
}
