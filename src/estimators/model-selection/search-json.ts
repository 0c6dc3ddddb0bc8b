// The JSON form of GridSearchCV and RandomizedSearchCV: parameters (the searched estimator as its own JSON,
// restored through the registry), and when fitted, cvResults_ and the best estimator. Values JSON cannot
// hold are tagged: NaN and infinities, undefined (a candidate without a parameter), estimators, named
// scorers. Imports src/core, base, metrics and model-selection's fit-and-score only.
import { ValueError, describe } from '../../core/errors.ts';
import { assertSafeKey, isRecord, isTypedArray, pickKeys } from '../../core/objects.ts';
import {
  estimatorFromJSON,
  isEstimator,
  nestedEstimatorJSON,
  readEstimatorJSON,
  type EstimatorJSON,
  type StepEstimator,
} from '../base.ts';
import { getScorer } from '../metrics/scorers.ts';
import type { FromJSONOptions } from '../../nn/serialization.ts';
import { resolveScoring, type ScoreFn } from './fit-and-score.ts';
import type { CvResults } from './search-results.ts';

/** A value JSON cannot hold as it is: `{ $value: ... }`. */
type Tagged =
  | { $value: 'NaN' | 'Infinity' | '-Infinity' | 'undefined' }
  | { $value: 'estimator'; json: unknown }
  | { $value: 'scorer'; name: string };

/** Thrown inside encode for a value that has no JSON form (a function, a class instance). */
class NoJSONForm extends Error {}

/** What a search's JSON holds, as the search class writes and reads it. */
export interface SearchState {
  params: Record<string, unknown>;
  fitted: null | {
    cvResults_: CvResults;
    bestIndex_: number;
    bestScore_: number;
    bestParams_: Record<string, unknown>;
    bestEstimator_?: StepEstimator;
    refitTime_?: number;
    nSplits_: number;
  };
}

function encode(v: unknown, path: string): unknown {
  if (v === undefined) return { $value: 'undefined' };
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return v;
    return { $value: Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity' };
  }
  if (Array.isArray(v)) return v.map((x, i) => encode(x, `${path}[${i}]`));
  if (isTypedArray(v)) return Array.from(v as ArrayLike<number>, (x, i) => encode(x, `${path}[${i}]`));
  if (isEstimator(v)) return { $value: 'estimator', json: nestedEstimatorJSON(v as StepEstimator, path) };
  if (isRecord(v) && typeof v.name === 'string' && typeof v.score === 'function' && typeof v.needsProba === 'boolean')
    return { $value: 'scorer', name: v.name };
  const proto = isRecord(v) ? Object.getPrototypeOf(v) : undefined;
  if (isRecord(v) && (proto === Object.prototype || proto === null)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = encode(x, `${path}.${k}`);
    return out;
  }
  throw new NoJSONForm(`${path} is ${describe(v)}`);
}

function decode(v: unknown, overrides: Record<string, unknown>, options: FromJSONOptions): unknown {
  if (Array.isArray(v)) return v.map((x) => decode(x, overrides, options));
  if (!isRecord(v)) return v;
  if (typeof v.$value === 'string') {
    const t = v as Tagged;
    switch (t.$value) {
      case 'NaN':
        return NaN;
      case 'Infinity':
        return Infinity;
      case '-Infinity':
        return -Infinity;
      case 'undefined':
        return undefined;
      case 'estimator':
        return estimatorFromJSON(t.json, overrides, options);
      case 'scorer':
        return getScorer(t.name);
      default:
        throw new ValueError(`fromJSON: unknown tagged value ${describe(t)}`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    assertSafeKey('fromJSON', k);
    out[k] = decode(x, overrides, options);
  }
  return out;
}

/** A fitted value JSON must hold: an error naming where it sits when it cannot. */
function encodeFitted(owner: string, v: unknown, path: string): unknown {
  try {
    return encode(v, path);
  } catch (e) {
    if (!(e instanceof NoJSONForm)) throw e;
    throw new ValueError(`${owner}.toJSON: ${e.message}, which JSON cannot hold.`);
  }
}

/** The search's JSON: parameters JSON can hold (the others listed in omittedParams) and the fitted state. */
export function searchToJSON(className: string, state: SearchState): EstimatorJSON {
  const params: Record<string, unknown> = {};
  const omittedParams: string[] = [];
  for (const [k, v] of Object.entries(state.params)) {
    try {
      params[k] = encode(v, k);
    } catch (e) {
      if (!(e instanceof NoJSONForm)) throw e;
      omittedParams.push(k); // a scoring or progress function, distributions: given back to fromJSON
    }
  }
  const f = state.fitted;
  const fitted =
    f === null
      ? null
      : {
          cvResults: encodeFitted(className, f.cvResults_, 'cvResults_'),
          bestIndex: f.bestIndex_,
          bestScore: encode(f.bestScore_, 'bestScore_'),
          bestParams: encodeFitted(className, f.bestParams_, 'bestParams_'),
          bestEstimator: f.bestEstimator_ === undefined ? null : encode(f.bestEstimator_, 'bestEstimator_'),
          refitTime: f.refitTime_ ?? null,
          nSplits: f.nSplits_,
        };
  return { format: 'scikeras-ts/estimator', version: 1, className, params, omittedParams, fitted };
}

/**
 * Reads a search's JSON for the class `cls`. `overrides` holds parameters JSON could not hold; its
 * `estimator` is either an estimator that replaces the saved one, or an object of overrides for restoring
 * the saved estimator and best estimator (a KerasClassifier's build function: `{ estimator: { model } }`).
 */
export function searchFromJSON(
  json: unknown,
  cls: { readonly name: string },
  overrides: Record<string, unknown>,
  options: FromJSONOptions,
): {
  params: Record<string, unknown>;
  fitted: (NonNullable<SearchState['fitted']> & { scorer: ScoreFn | null }) | null;
} {
  const j = readEstimatorJSON(json, cls);
  const given = overrides.estimator;
  const estOverrides = isRecord(given) && !isEstimator(given) ? given : {};
  const params = decode(j.params, estOverrides, options) as Record<string, unknown>;
  for (const [k, v] of Object.entries(overrides)) if (k !== 'estimator' || isEstimator(v)) params[k] = v;
  const omitted = Array.isArray(j.omittedParams) ? (j.omittedParams as unknown[]) : [];
  const scoringLost = omitted.includes('scoring') && !Object.prototype.hasOwnProperty.call(overrides, 'scoring');
  if (j.fitted === null || j.fitted === undefined) return { params, fitted: null };
  const f = pickKeys('fitted state', j.fitted, [
    'cvResults',
    'bestIndex',
    'bestScore',
    'bestParams',
    'bestEstimator',
    'refitTime',
    'nSplits',
  ]);
  const cvResults = decode(f.cvResults, estOverrides, options);
  if (!isRecord(cvResults) || !Array.isArray(cvResults.meanTestScore) || !Array.isArray(cvResults.params))
    throw new ValueError('fromJSON: cvResults must be an object of columns with meanTestScore and params');
  const n = cvResults.params.length;
  const index = f.bestIndex;
  if (!Number.isInteger(index) || (index as number) < 0 || (index as number) >= n)
    throw new ValueError(`fromJSON: bestIndex must be an integer in [0, ${n}); got ${describe(index)}`);
  if (!Number.isInteger(f.nSplits) || (f.nSplits as number) < 1)
    throw new ValueError(`fromJSON: nSplits must be a positive integer; got ${describe(f.nSplits)}`);
  const bestParams = decode(f.bestParams, estOverrides, options);
  if (!isRecord(bestParams)) throw new ValueError('fromJSON: bestParams must be an object');
  const best =
    f.bestEstimator === null || f.bestEstimator === undefined
      ? undefined
      : decode(f.bestEstimator, estOverrides, options);
  return {
    params,
    fitted: {
      cvResults_: cvResults as unknown as CvResults,
      bestIndex_: index as number,
      bestScore_: decode(f.bestScore, {}, options) as number,
      bestParams_: bestParams,
      ...(best === undefined ? {} : { bestEstimator_: best as StepEstimator }),
      ...(typeof f.refitTime === 'number' ? { refitTime_: f.refitTime } : {}),
      nSplits_: f.nSplits as number,
      // A scoring function JSON could not hold leaves no scorer: score() then asks for it.
      scorer: scoringLost ? null : resolveScoring(params.scoring as Parameters<typeof resolveScoring>[0]),
    },
  };
}
