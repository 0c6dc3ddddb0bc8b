// Smoke entry for a bare vm context (no console, no module loader): the result is left on globalThis as JSON.
// Bundled with the installed package (harness.ts maps the source-entry imports to it) into one classic script.
import * as lib from '../../src/index.ts';
import { parseIris, runSmoke, SEED_EPOCHS } from './smoke.ts';

declare const __IRIS_CSV__: string;

// First, with the default warning handler and verbose output: where there is no console, printing and
// warnings are skipped, never a crash (a 2-iteration fit always raises a ConvergenceWarning).
(globalThis as { __quietResult?: string }).__quietResult = (() => {
  try {
    const { X, y } = parseIris(__IRIS_CSV__);
    new lib.MLPClassifier({ hiddenLayerSizes: [4], maxIter: 2, verbose: true, randomState: 0 }).fit(X, y);
    const model = lib.sequential([lib.layers.dense({ units: 3, activation: 'softmax', inputShape: [4] })], { seed: 0 });
    model.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam' });
    model.fit(X, y, { epochs: 1, verbose: 2 });
    return 'ok';
  } catch (e) {
    return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
})();

// An interpreter (QuickJS, Hermes) sets __seedEpochs lower before the script runs.
const g = globalThis as { __smokeResult?: string; __seedEpochs?: number };
g.__smokeResult = JSON.stringify(runSmoke(lib, __IRIS_CSV__, g.__seedEpochs ?? SEED_EPOCHS));
