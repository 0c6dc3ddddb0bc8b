// Port of SciKeras v0.13.0 tests/test_random_state.py: SciKeras's tensorflow_random_state context is
// withSeed here (it seeds what models created inside draw when they are given no seed). 1 test, ported.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { withSeed, defaultSeed, Rng } from '../../src/tensor/rng.ts';

test('test_random_state', () => {
  // tf.random.uniform([1]) draws from the global generator: here, a generator seeded as a model without a seed is.
  const uniform = (): number => new Rng(defaultSeed()).float();
  const withoutSeed: number[] = [];
  const withSeedValues: number[] = [];
  for (let i = 0; i < 10; i++) {
    // without setting the random state we should get distinct random values
    // and having set the random state previously does not carry over
    withoutSeed.push(uniform());
    withoutSeed.push(uniform());
    // if we set the random state twice, we get the same value
    withSeedValues.push(withSeed(42, uniform));
    withSeedValues.push(withSeed(42, uniform));
  }
  assert.is(new Set(withoutSeed).size, withoutSeed.length);
  assert.is(new Set(withSeedValues).size, 1);
});

test.run();
