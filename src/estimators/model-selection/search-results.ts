// A search's `cvResults_`: scikit-learn's `cv_results_` columns in camelCase, one entry per candidate, and
// the ranking of the mean test scores. Imports src/core and model-selection's fit-and-score only.
import { warn } from '../../core/warnings.ts';
import { mean, std, type FitResult } from './fit-and-score.ts';

/**
 * `cvResults_`: one entry per candidate in every column. scikit-learn's `cv_results_` with every key in
 * camelCase: `meanTestScore`, `split0TestScore`, and one `param<Name>` column per searched parameter, the
 * name's first letter upper-cased (`paramAlpha`, `paramMlp__alpha`; undefined where a candidate lacks it).
 */
export interface CvResults {
  params: Record<string, unknown>[];
  meanFitTime: number[];
  stdFitTime: number[];
  meanScoreTime: number[];
  stdScoreTime: number[];
  meanTestScore: number[];
  stdTestScore: number[];
  rankTestScore: number[];
  /** With returnTrainScore. */
  meanTrainScore?: number[];
  /** With returnTrainScore. */
  stdTrainScore?: number[];
  /** The score of each candidate on test fold k. */
  [split: `split${number}TestScore`]: number[];
  /** With returnTrainScore: the score of each candidate on training fold k. */
  [split: `split${number}TrainScore`]: number[];
  /** The value of a searched parameter for each candidate. */
  [param: `param${string}`]: unknown[];
  /** Any column by a computed name (`Object.keys(cvResults_)`). */
  [column: string]: unknown[] | undefined;
}

/** The `cvResults_` column of a parameter: `param` and its name with the first letter upper-cased. */
export function paramColumn(name: string): `param${string}` {
  return `param${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

/** scikit-learn's `rankdata(-means, method='min')`, with NaN means tied below the worst. */
export function rankMin(means: readonly number[]): number[] {
  if (means.every((m) => Number.isNaN(m))) return means.map(() => 1);
  const finite = means.filter((m) => !Number.isNaN(m));
  const floor = Math.min(...finite) - 1;
  const v = means.map((m) => (Number.isNaN(m) ? floor : m));
  return v.map((m) => 1 + v.filter((o) => o > m).length);
}

/** The columns for candidates and their fold results (`all[candidate][split]`); warns on non-finite means. */
export function buildCvResults(
  candidates: Record<string, unknown>[],
  all: FitResult[][],
  returnTrainScore: boolean,
): CvResults {
  const nS = (all[0] as FitResult[]).length;
  const col = (f: (r: FitResult) => number): number[][] => all.map((rs) => rs.map(f));
  const fit = col((r) => r.fitTime),
    score = col((r) => r.scoreTime),
    test = col((r) => r.testScore);
  const res: CvResults = {
    params: candidates.map((c) => ({ ...c })),
    meanFitTime: fit.map(mean),
    stdFitTime: fit.map(std),
    meanScoreTime: score.map(mean),
    stdScoreTime: score.map(std),
    meanTestScore: test.map(mean),
    stdTestScore: test.map(std),
    rankTestScore: [],
  };
  const names: string[] = [];
  for (const c of candidates) for (const k of Object.keys(c)) if (!names.includes(k)) names.push(k);
  for (const k of names)
    res[paramColumn(k)] = candidates.map((c) => (Object.prototype.hasOwnProperty.call(c, k) ? c[k] : undefined));
  for (let s = 0; s < nS; s++) res[`split${s}TestScore`] = test.map((r) => r[s] as number);
  res.rankTestScore = rankMin(res.meanTestScore);
  if (res.meanTestScore.some((m) => !Number.isFinite(m)))
    warn('UserWarning', `One or more of the test scores are non-finite: [${res.meanTestScore.join(', ')}]`);
  if (returnTrainScore) {
    const train = col((r) => r.trainScore);
    for (let s = 0; s < nS; s++) res[`split${s}TrainScore`] = train.map((r) => r[s] as number);
    res.meanTrainScore = train.map(mean);
    res.stdTrainScore = train.map(std);
    if (res.meanTrainScore.some((m) => !Number.isFinite(m)))
      warn('UserWarning', `One or more of the train scores are non-finite: [${res.meanTrainScore.join(', ')}]`);
  }
  return res;
}
