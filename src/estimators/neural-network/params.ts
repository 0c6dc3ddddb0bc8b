// scikit-learn's MLP hyper-parameters: the parameter list with its defaults (camelCase), and the
// constraint table every fit validates with scikit-learn's messages. Imports src/core only.

import {
  among,
  bool,
  either,
  interval,
  randomState,
  satisfies,
  validated,
  type ConstraintTable,
} from '../../core/param-validation.ts';

/** scikit-learn's MLP parameters in camelCase (plus `dtype`: float32 here, float64 for exact parity). */
export type MLPParams = {
  hiddenLayerSizes?: number[] | number;
  activation?: 'identity' | 'logistic' | 'tanh' | 'relu';
  solver?: 'adam' | 'sgd' | 'rmsprop' | 'lbfgs';
  alpha?: number;
  batchSize?: number | 'auto';
  learningRate?: 'constant' | 'invscaling' | 'adaptive';
  learningRateInit?: number;
  powerT?: number;
  maxIter?: number;
  shuffle?: boolean;
  randomState?: number | null;
  tol?: number;
  verbose?: boolean | number;
  warmStart?: boolean;
  momentum?: number;
  nesterovsMomentum?: boolean;
  earlyStopping?: boolean;
  validationFraction?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  nIterNoChange?: number;
  maxFun?: number;
  dtype?: 'float32' | 'float64';
};

/** The validated parameters, every one present. */
export type MLPConfig = Required<MLPParams>;

/** scikit-learn's defaults: this object is the parameter list. */
export const MLP_DEFAULTS: Readonly<MLPConfig> = Object.freeze({
  hiddenLayerSizes: [100],
  activation: 'relu',
  solver: 'adam',
  alpha: 0.0001,
  batchSize: 'auto',
  learningRate: 'constant',
  learningRateInit: 0.001,
  powerT: 0.5,
  maxIter: 200,
  shuffle: true,
  randomState: null,
  tol: 1e-4,
  verbose: false,
  warmStart: false,
  momentum: 0.9,
  nesterovsMomentum: true,
  earlyStopping: false,
  validationFraction: 0.1,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  nIterNoChange: 10,
  maxFun: 15000,
  dtype: 'float32',
});

/** Every parameter has a constraint: adding a parameter without one fails to compile. */
const CONSTRAINTS: ConstraintTable<MLPParams> = {
  hiddenLayerSizes: satisfies('an array of positive ints (or one positive int)', (v) => {
    const list = typeof v === 'number' ? [v] : v;
    return Array.isArray(list) && list.every((d) => Number.isInteger(d) && d > 0);
  }),
  activation: among('identity', 'logistic', 'relu', 'tanh'),
  solver: among('lbfgs', 'sgd', 'adam', 'rmsprop'),
  alpha: interval('float', '[0.0, inf)'),
  batchSize: either(among('auto'), interval('int', '[1, inf)')),
  learningRate: among('constant', 'invscaling', 'adaptive'),
  learningRateInit: interval('float', '(0.0, inf)'),
  powerT: interval('float', '[0.0, inf)'),
  maxIter: interval('int', '[1, inf)'),
  shuffle: bool,
  randomState,
  tol: interval('float', '[0.0, inf)'),
  verbose: satisfies("an int or an instance of 'bool'", (v) => typeof v === 'boolean' || Number.isInteger(v)),
  warmStart: bool,
  momentum: interval('float', '[0.0, 1.0]'),
  nesterovsMomentum: bool,
  earlyStopping: bool,
  validationFraction: interval('float', '[0.0, 1.0)'),
  beta1: interval('float', '[0.0, 1.0)'),
  beta2: interval('float', '[0.0, 1.0)'),
  epsilon: interval('float', '(0.0, inf)'),
  nIterNoChange: either(
    interval('int', '[1, inf)'),
    satisfies('Infinity', (v) => v === Infinity),
  ),
  maxFun: interval('int', '[1, inf)'),
  dtype: among('float32', 'float64'),
};

/** Validates every parameter of an MLP with scikit-learn's message template and returns them typed. */
export function validateMLPParams(owner: string, params: object): MLPConfig {
  return validated(owner, params, CONSTRAINTS);
}

/** Hidden layer sizes as a list. */
export function hiddenSizes(v: number[] | number): number[] {
  return typeof v === 'number' ? [v] : v.slice();
}
