// Build functions shared by the estimator tests (SciKeras style: one object in, a compiled model out).
import { sequential, layers, type Sequential } from '../../src/nn/index.ts';
import type { BuildArgs } from '../../src/estimators/index.ts';

/** A binary classifier: `hiddenLayerSizes` relu layers, one sigmoid unit, compiled with the given optimizer. */
export function binaryClassifier({ hiddenLayerSizes, meta, compileKwargs }: BuildArgs): Sequential {
  const model = sequential();
  model.add(layers.input({ shape: [meta.nFeaturesIn_] }));
  for (const units of hiddenLayerSizes as number[]) model.add(layers.dense({ units, activation: 'relu' }));
  model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ loss: 'binary_crossentropy', optimizer: compileKwargs.optimizer });
  return model;
}
