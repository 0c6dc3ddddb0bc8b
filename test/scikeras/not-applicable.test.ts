// The SciKeras v0.13.0 test files with nothing that applies here, each test skipped with the reason:
// tests/test_basewrapper.py (1), tests/test_deprecation.py (1), tests/test_utils.py (8).
import { test } from 'uvu';

// test_basewrapper.py. Not applicable: an MNIST autoencoder whose encoder and decoder are Functional models
// built from the autoencoder's layers (shared layers across three models), on a dataset download.
test.skip('test_basewrapper: TestAutoencoder.test_simple_autoencoder_mnist', () => {});

// test_deprecation.py. Not applicable: the deprecated `build_fn` alias of `model`; the parameter here is `model`.
test.skip('test_deprecation: test_build_fn_deprecation', () => {});

// test_utils.py. Not applicable: scikeras.utils.loss_name / metric_name, SciKeras's helpers that name Keras
// losses and metrics given as strings, functions, classes or instances; names here are resolved by getLoss and
// getMetric (tested in test/nn), and the wrappers compare losses by name internally (test_compile_model_from_params).
for (const name of [
  'test_loss_invariance',
  'test_custom_loss',
  'test_metric_invariance',
  'test_loss_types',
  'test_unknown_loss_raises',
  'test_metric_types',
  'test_unknown_metric',
  'test_custom_metric',
])
  test.skip(`test_utils: ${name}`, () => {});

test.run();
