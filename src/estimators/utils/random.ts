// scikit-learn's `random_state`: a seed in NumPy's range, a shared generator, or null for a fresh seed.
// Every random choice of the estimators flows from an Rng made here. Imports src/core and tensor.

import { ValueError, describe } from '../../core/errors.ts';
import { MAX_SEED } from '../../core/numeric.ts';
import { Rng, defaultSeed } from '../../tensor/rng.ts';

/**
 * Seed of a split or a search: an integer (the same result on every call), an {@link Rng}
 * (shared; each call advances it), or null / undefined for a fresh random seed.
 */
export type RandomState = number | Rng | null | undefined;

/** The generator for a `randomState`: an Rng as is, a seed in NumPy's range [0, 2^32 - 1], or null for a fresh seed. */
export function seedRng(randomState: RandomState, name: string): Rng {
  if (randomState instanceof Rng) return randomState;
  if (randomState === null || randomState === undefined) return new Rng(defaultSeed());
  if (typeof randomState === 'number' && Number.isInteger(randomState) && randomState >= 0 && randomState <= MAX_SEED)
    return new Rng(randomState);
  throw new ValueError(
    `${name}: randomState must be an integer in [0, ${MAX_SEED}], an Rng or null; got ${describe(randomState)}.`,
  );
}
