// The network scikit-learn's MLPs train, built through `_kerasBuildFn`: Dense layers with Glorot-uniform
// weights AND biases, alpha as a per-batch L2, the output activation / loss pairs whose gradient is
// p - y, and the optimizer each solver stands for. Imports src/core and nn.

import { ValueError, describe } from '../../core/errors.ts';
import { machineEps } from '../../core/numeric.ts';
import { sequential, type Sequential, type FusedLossSettings } from '../../nn/sequential.ts';
import { layers } from '../../nn/layers.ts';
import { regularizers } from '../../nn/regularizers.ts';
import { Adam, SGD, RMSprop, type Optimizer } from '../../nn/optimizers.ts';
import { hiddenSizes, type MLPConfig } from './params.ts';

/** scikit-learn's `out_activation_`. */
export type OutActivation = 'logistic' | 'softmax' | 'identity';

const ACT = { identity: 'linear', logistic: 'sigmoid', tanh: 'tanh', relu: 'relu' } as const;

/**
 * The network scikit-learn trains: Dense layers with the hidden activation, an output layer with
 * `out`, weights AND biases uniform in +-sqrt(factor / (fanIn + fanOut)) (factor 2 for logistic,
 * else 6), drawn layer by layer (kernel, then bias), alpha as 0.5 alpha sum(W^2) / batch.
 */
export function buildMLP(p: MLPConfig, nFeaturesIn: number, nOutputs: number, out: OutActivation): Sequential {
  const sizes = [nFeaturesIn, ...hiddenSizes(p.hiddenLayerSizes), nOutputs];
  const factor = p.activation === 'logistic' ? 2 : 6;
  const model = sequential({ dtype: p.dtype, name: 'mlp' });
  model.add(layers.input({ shape: [nFeaturesIn] }));
  for (let i = 0; i < sizes.length - 1; i++) {
    const bound = Math.sqrt(factor / ((sizes[i] as number) + (sizes[i + 1] as number)));
    const init = { className: 'RandomUniform' as const, config: { minval: -bound, maxval: bound } };
    const last = i === sizes.length - 2;
    model.add(
      layers.dense({
        units: sizes[i + 1] as number,
        activation: last ? (out === 'softmax' ? 'softmax' : ACT[out]) : ACT[p.activation],
        kernelInitializer: init,
        biasInitializer: init,
        ...(p.alpha ? { kernelRegularizer: regularizers.l2({ l2: p.alpha / 2, perSample: true }) } : {}),
      }),
    );
  }
  compileMLP(model, out, makeOptimizer(p), p.dtype);
  return model;
}

/** Compiles with scikit-learn's loss for the output activation (also a warm start's fresh optimizer). */
export function compileMLP(
  model: Sequential,
  out: OutActivation,
  optimizer: Optimizer,
  dtype: 'float32' | 'float64',
): void {
  const eps = machineEps(dtype);
  const settings: Record<OutActivation, [string, FusedLossSettings]> = {
    softmax: ['sparse_categorical_crossentropy', { epsilon: eps }],
    logistic: ['binary_crossentropy', { epsilon: eps, outputReduction: 'sum' }],
    identity: ['mean_squared_error', { half: true, outputReduction: 'sklearn' }],
  };
  const [loss, lossSettings] = settings[out];
  model.compile({ loss, optimizer, lossSettings });
}

/** The optimizer a solver stands for, with scikit-learn's hyper-parameters. */
export function makeOptimizer(p: MLPConfig): Optimizer {
  const lr = p.learningRateInit;
  switch (p.solver) {
    case 'adam':
      return new Adam({ learningRate: lr, beta1: p.beta1, beta2: p.beta2, epsilon: p.epsilon });
    case 'sgd':
      return new SGD({ learningRate: lr, momentum: p.momentum, nesterov: p.nesterovsMomentum && p.momentum > 0 });
    case 'rmsprop':
      return new RMSprop({ learningRate: lr, epsilon: p.epsilon });
    // L-BFGS updates the weights itself (lbfgs-solver.ts); the compiled optimizer is never stepped.
    case 'lbfgs':
      return new SGD({ learningRate: lr, momentum: 0 });
    default:
      throw new ValueError(`unknown solver ${describe(p.solver satisfies never)}`);
  }
}
