// Weight initializers (Keras names), each drawing from the model's seeded Rng.
// Imports tensor and config only.

import { ValueError, describe } from '../core/errors.ts';
import type { DType } from '../tensor/dtype.ts';
import { newArray } from '../tensor/dtype.ts';
import { Tensor } from '../tensor/tensor.ts';
import type { Rng } from '../tensor/rng.ts';
import { sizeOf } from '../tensor/shape.ts';
import { canonicalName, isRecord, pickKeys } from '../core/objects.ts';

/** A serialisable initializer: `{ className, config }` as in Keras. */
export interface InitializerSpec {
  className:
    'GlorotUniform' | 'HeNormal' | 'HeUniform' | 'Zeros' | 'Ones' | 'RandomUniform' | 'RandomNormal' | 'Constant';
  config?: { minval?: number; maxval?: number; mean?: number; stddev?: number; value?: number };
}

export type InitializerIdentifier =
  'glorotUniform' | 'heNormal' | 'heUniform' | 'zeros' | 'ones' | (string & {}) | InitializerSpec;

/** Fans of a weight: for a kernel [in, out] they are in and out; a bias [n] has n and n. */
function fans(shape: readonly number[]): [number, number] {
  if (shape.length === 2) return [shape[0], shape[1]];
  const n = shape[0] ?? 1;
  return [n, n];
}

const NAMES: Record<string, InitializerSpec['className']> = {
  glorotuniform: 'GlorotUniform',
  henormal: 'HeNormal',
  heuniform: 'HeUniform',
  zeros: 'Zeros',
  ones: 'Ones',
  randomuniform: 'RandomUniform',
  randomnormal: 'RandomNormal',
  constant: 'Constant',
};

/** Normalises a string or spec into a validated spec. */
export function resolveInitializer(id: InitializerIdentifier): InitializerSpec {
  if (typeof id === 'string') {
    const cls = NAMES[canonicalName(id)];
    if (cls === undefined)
      throw new ValueError(
        `Unknown initializer ${describe(id)}. Valid names: glorotUniform, heNormal, heUniform, zeros, ones, randomUniform, randomNormal, constant`,
      );
    return { className: cls };
  }
  if (!isRecord(id)) throw new ValueError(`initializer: expected a name or { className, config }, got ${describe(id)}`);
  const spec = pickKeys('initializer', id, ['className', 'config']);
  const cls = typeof spec.className === 'string' ? NAMES[canonicalName(spec.className)] : undefined;
  if (cls === undefined) throw new ValueError(`Unknown initializer className ${describe(spec.className)}`);
  const config =
    spec.config === undefined
      ? {}
      : pickKeys(`initializer ${cls} config`, spec.config, ['minval', 'maxval', 'mean', 'stddev', 'value', 'seed']);
  for (const [k, v] of Object.entries(config))
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new ValueError(`initializer ${cls}: '${k}' must be a finite number, got ${describe(v)}`);
  // A spec saved without a config loads without one, so model JSON reads back as it was written.
  return spec.config === undefined
    ? { className: cls }
    : { className: cls, config: config as InitializerSpec['config'] & object };
}

/** Draws a tensor of `shape` with the initializer. Keras' formulas; truncation aside, He normal uses a plain normal. */
export function initialize(
  id: InitializerIdentifier,
  shape: readonly number[],
  rng: Rng,
  dtype: DType = 'float32',
): Tensor {
  const spec = resolveInitializer(id);
  const data = newArray(dtype, sizeOf(shape));
  const [fanIn, fanOut] = fans(shape);
  const c = spec.config ?? {};
  switch (spec.className) {
    case 'GlorotUniform': {
      const b = Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < data.length; i++) data[i] = rng.uniform(-b, b);
      break;
    }
    case 'HeUniform': {
      const b = Math.sqrt(6 / fanIn);
      for (let i = 0; i < data.length; i++) data[i] = rng.uniform(-b, b);
      break;
    }
    case 'HeNormal': {
      const s = Math.sqrt(2 / fanIn);
      for (let i = 0; i < data.length; i++) data[i] = s * rng.normal();
      break;
    }
    case 'RandomUniform': {
      const lo = c.minval ?? -0.05,
        hi = c.maxval ?? 0.05;
      for (let i = 0; i < data.length; i++) data[i] = rng.uniform(lo, hi);
      break;
    }
    case 'RandomNormal': {
      const m = c.mean ?? 0,
        s = c.stddev ?? 0.05;
      for (let i = 0; i < data.length; i++) data[i] = m + s * rng.normal();
      break;
    }
    case 'Zeros':
      break;
    case 'Ones':
      data.fill(1);
      break;
    case 'Constant':
      data.fill(c.value ?? 0);
      break;
    default:
      spec.className satisfies never;
  }
  return new Tensor(data, shape);
}
