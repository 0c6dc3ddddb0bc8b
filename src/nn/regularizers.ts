// Weight penalties added to the loss. Imports autograd.

import { ValueError, describe } from '../core/errors.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { weightPenalty } from '../autograd/losses.ts';
import { canonicalName, isRecord, pickKeys } from '../core/objects.ts';

/**
 * An L1/L2 penalty. Keras adds `l1 sum|W| + l2 sum W^2` per batch;
 * with `perSample` (scikit-learn's MLP convention) the sum is divided by the
 * batch size, so `l2 = alpha / 2, perSample: true` is scikit-learn's alpha.
 */
export interface Regularizer {
  penalty(weight: Tensor, batchSize: number): Tensor;
  getConfig(): { className: 'L1L2'; config: { l1: number; l2: number; perSample: boolean } };
}

export type RegularizerIdentifier =
  'l1' | 'l2' | 'l1l2' | Regularizer | { className: string; config?: Record<string, unknown> };

class L1L2 implements Regularizer {
  constructor(
    readonly l1: number,
    readonly l2: number,
    readonly perSample: boolean,
  ) {
    for (const [k, v] of [
      ['l1', l1],
      ['l2', l2],
    ] as const) {
      if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v))
        throw new ValueError(`regularizer: '${k}' must be a finite number >= 0. Got ${describe(v)} instead.`);
    }
  }
  penalty(w: Tensor, batchSize: number): Tensor {
    const s = this.perSample ? 1 / batchSize : 1;
    return weightPenalty(w, this.l1 * s, this.l2 * s);
  }
  getConfig() {
    return { className: 'L1L2' as const, config: { l1: this.l1, l2: this.l2, perSample: this.perSample } };
  }
}

/** Regularizer factories with Keras 3's defaults: l1 and l2 0.01, l1l2 0 and 0 (its L1L2 class). */
export const regularizers = {
  l1: (args: { l1?: number } = {}): Regularizer => new L1L2(args.l1 ?? 0.01, 0, false),
  l2: (args: { l2?: number; perSample?: boolean } = {}): Regularizer =>
    new L1L2(0, args.l2 ?? 0.01, args.perSample ?? false),
  l1l2: (args: { l1?: number; l2?: number } = {}): Regularizer => new L1L2(args.l1 ?? 0, args.l2 ?? 0, false),
};

export function resolveRegularizer(id: RegularizerIdentifier): Regularizer {
  if (typeof id === 'string') {
    const c = canonicalName(id);
    if (c === 'l1') return regularizers.l1();
    if (c === 'l2') return regularizers.l2();
    if (c === 'l1l2') return regularizers.l1l2();
    throw new ValueError(`Unknown regularizer ${describe(id)}. Valid names: l1, l2, l1l2`);
  }
  if (id instanceof L1L2) return id;
  if (isRecord(id) && 'className' in id) {
    const e = pickKeys('regularizer', id, ['className', 'config']);
    if (e.className !== 'L1L2' && e.className !== 'L1' && e.className !== 'L2')
      throw new ValueError(`Unknown regularizer className ${describe(e.className)}. Valid: L1, L2, L1L2`);
    const c = pickKeys('L1L2 config', e.config ?? {}, ['l1', 'l2', 'perSample']);
    return new L1L2((c.l1 as number) ?? 0, (c.l2 as number) ?? 0, c.perSample === true);
  }
  throw new ValueError(
    `regularizer: expected 'l1', 'l2', 'l1l2', a regularizer or { className, config }, got ${describe(id)}`,
  );
}
