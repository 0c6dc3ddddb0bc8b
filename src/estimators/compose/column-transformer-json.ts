// ColumnTransformer's JSON: parameters with each transformer's own JSON, the fitted transformers with
// their column indices, restored through the estimator registry with every field checked.
// Imports src/core and base only (the class is passed in, so there is no import cycle).
import { ValueError, describe } from '../../core/errors.ts';
import { isRecord, pickKeys } from '../../core/objects.ts';
import {
  estimatorJSON,
  estimatorFromJSON,
  nested,
  nestedEstimatorJSON,
  readEstimatorJSON,
  type EstimatorJSON,
  type StepEstimator,
} from '../base.ts';
import type { FromJSONOptions } from '../../nn/serialization.ts';
import type { ColumnTransformer, FittedEntry, TransformerEntry } from './column-transformer.ts';

function stepToJSON(name: string, est: unknown): unknown {
  if (est === 'passthrough' || est === 'drop') return est;
  return nested(() => nestedEstimatorJSON(est as StepEstimator, `ColumnTransformer.toJSON: transformer '${name}'`));
}

function columnsToJSON(name: string, cols: unknown): unknown {
  if (typeof cols === 'function')
    throw new ValueError(
      `ColumnTransformer.toJSON: the columns of '${name}' are a function, which JSON cannot hold; select them by ` +
        'index, name or mask to save this ColumnTransformer.',
    );
  return Array.isArray(cols) ? cols.slice() : cols;
}

/** ColumnTransformer's JSON (the estimators' frame; transformers as their own JSON). */
export function columnTransformerToJSON(ct: ColumnTransformer): EstimatorJSON {
  const entries = Array.isArray(ct.transformers) ? ct.transformers : [];
  const internal = ct as unknown as { scalar_?: Record<string, boolean> };
  return estimatorJSON(
    ct,
    {
      transformers: entries.map(([n, tr, cols]) => [n, stepToJSON(n, tr), columnsToJSON(n, cols)]),
      remainder: stepToJSON('remainder', ct.remainder),
      transformerWeights: ct.transformerWeights === null ? null : { ...ct.transformerWeights },
      verboseFeatureNamesOut: ct.verboseFeatureNamesOut,
      verbose: ct.verbose,
      nJobs: ct.nJobs,
    },
    [],
    ct.transformers_ === undefined
      ? null
      : {
          transformers_: ct.transformers_.map(([n, tr, cols]) => [n, stepToJSON(n, tr), cols.slice()]),
          nFeaturesIn_: ct.nFeaturesIn_,
          featureNamesIn_: ct.featureNamesIn_ ?? null,
          outputIndices_: { ...ct.outputIndices_ },
          scalar_: { ...(internal.scalar_ ?? {}) },
        },
  );
}

function stepFromJSON(
  body: unknown,
  overrides: Record<string, unknown>,
  options: FromJSONOptions,
): StepEstimator | 'passthrough' | 'drop' {
  if (body === 'passthrough' || body === 'drop') return body;
  return nested(() => estimatorFromJSON(body, overrides, options));
}

/** Restores a ColumnTransformer from its JSON; `make` builds the instance from parameters. */
export function columnTransformerFromJSON(
  json: unknown,
  overrides: Record<string, Record<string, unknown>>,
  options: FromJSONOptions,
  make: (params: Record<string, unknown>) => ColumnTransformer,
): ColumnTransformer {
  const j = readEstimatorJSON(json, { name: 'ColumnTransformer' });
  const p = pickKeys('ColumnTransformer params', j.params, [
    'transformers',
    'remainder',
    'transformerWeights',
    'verboseFeatureNamesOut',
    'verbose',
    'nJobs',
  ]);
  if (!Array.isArray(p.transformers))
    throw new ValueError(`ColumnTransformer.fromJSON: transformers must be an array; got ${describe(p.transformers)}`);
  const names = new Set<string>();
  const ov = (name: string): Record<string, unknown> =>
    Object.prototype.hasOwnProperty.call(overrides, name) ? (overrides[name] as Record<string, unknown>) : {};
  const transformers = p.transformers.map((e: unknown): TransformerEntry => {
    if (!Array.isArray(e) || e.length !== 3 || typeof e[0] !== 'string')
      throw new ValueError(
        `ColumnTransformer.fromJSON: each transformer must be [name, JSON, columns]; got ${describe(e)}`,
      );
    names.add(e[0]);
    return [e[0], stepFromJSON(e[1], ov(e[0]), options), e[2] as TransformerEntry[2]];
  });
  for (const k of Object.keys(overrides))
    if (!names.has(k) && k !== 'remainder')
      throw new ValueError(
        `ColumnTransformer.fromJSON: overrides name the transformer '${k}', which is not one of ${[...names].join(', ')}.`,
      );
  const params: Record<string, unknown> = { transformers };
  if (p.remainder !== undefined) params.remainder = stepFromJSON(p.remainder, ov('remainder'), options);
  for (const k of ['transformerWeights', 'verboseFeatureNamesOut', 'verbose', 'nJobs'])
    if (p[k] !== undefined) params[k] = p[k];
  const ct = make(params);
  if (j.fitted === null || j.fitted === undefined) return ct;
  const f = pickKeys('ColumnTransformer fitted state', j.fitted, [
    'transformers_',
    'nFeaturesIn_',
    'featureNamesIn_',
    'outputIndices_',
    'scalar_',
  ]);
  const d = f.nFeaturesIn_;
  const inNames = f.featureNamesIn_;
  const isIndexList = (c: unknown): boolean =>
    Array.isArray(c) && c.every((j) => Number.isInteger(j) && (j as number) >= 0 && (j as number) < (d as number));
  if (
    !Number.isInteger(d) ||
    (d as number) < 1 ||
    !Array.isArray(f.transformers_) ||
    !f.transformers_.every(
      (e) => Array.isArray(e) && e.length === 3 && typeof e[0] === 'string' && isIndexList(e[2]),
    ) ||
    !(
      inNames === null ||
      (Array.isArray(inNames) && inNames.length === d && inNames.every((c) => typeof c === 'string'))
    ) ||
    !isRecord(f.outputIndices_) ||
    !isRecord(f.scalar_)
  )
    throw new ValueError(
      'ColumnTransformer.fromJSON: the fitted state must hold nFeaturesIn_ (a positive integer), transformers_ ' +
        '([name, JSON, column indices] triples), featureNamesIn_ (null or one name per column), outputIndices_ and scalar_.',
    );
  const target = ct as unknown as Record<string, unknown>;
  target.transformers_ = (f.transformers_ as [string, unknown, number[]][]).map(([n, body, cols]): FittedEntry => [
    n,
    stepFromJSON(body, ov(n), options),
    cols.slice(),
  ]);
  target.nFeaturesIn_ = d;
  if (inNames !== null) target.featureNamesIn_ = (inNames as string[]).slice();
  target.outputIndices_ = { ...f.outputIndices_ };
  target.scalar_ = { ...f.scalar_ };
  return ct;
}
