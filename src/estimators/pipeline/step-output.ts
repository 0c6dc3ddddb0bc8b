// What a Pipeline learns from its steps' outputs: the feature names through every step (scikit-learn's
// get_feature_names_out) and, before a final classifier or regressor, a check that the transformed X is
// numeric, naming the column a transformer left as text. Imports src/core and base only.
import { ValueError, describe } from '../../core/errors.ts';
import { estimatorClassName, estimatorTypeOf, type StepEstimator } from '../base.ts';

type Named = readonly [name: string, estimator: StepEstimator | 'passthrough' | null];

/** The output names of `steps` (passthrough steps skipped), each step fed the names of the one before. */
export function stepsFeatureNamesOut(
  steps: readonly Named[],
  inputFeatures: readonly string[] | null | undefined,
): string[] {
  let names: readonly string[] | null | undefined = inputFeatures;
  for (const [name, est] of steps) {
    if (est === 'passthrough' || est === null) continue;
    const f = (est as { getFeatureNamesOut?: (i?: readonly string[] | null) => string[] }).getFeatureNamesOut;
    if (typeof f !== 'function')
      throw new ValueError(
        `Estimator ${name} does not provide get_feature_names_out. Did you mean to call getFeatureNamesOut on ` +
          `the transformers only (new Pipeline({ steps: pipe.steps.slice(0, -1) }))?`,
      );
    names = f.call(est, names);
  }
  if (names === null || names === undefined)
    throw new ValueError(
      'Pipeline.getFeatureNamesOut: the pipeline has no step that names features and no inputFeatures.',
    );
  return names.slice();
}

/**
 * Before a classifier or regressor: X from the transformers must hold numbers (booleans and NaN pass;
 * the estimator judges those). A string or object names the step that produced it and, where that step
 * can say, the column's name.
 */
export function checkNumericFor(Xt: unknown, before: readonly Named[], next: Named): void {
  const kind = estimatorTypeOf(next[1]);
  if ((kind !== 'classifier' && kind !== 'regressor') || !Array.isArray(Xt)) return;
  for (let i = 0; i < Xt.length; i++) {
    const row: unknown = Xt[i];
    if (!Array.isArray(row)) return; // not rows of cells: the estimator's own checks apply
    for (let j = 0; j < row.length; j++) {
      const v: unknown = row[j];
      if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) continue;
      const producers = before.filter(([, e]) => e !== 'passthrough' && e !== null);
      const last = producers[producers.length - 1];
      let column = `column ${j}`;
      if (last !== undefined) {
        try {
          const names = stepsFeatureNamesOut(before, undefined);
          if (names[j] !== undefined) column = `column ${j} ('${names[j]}')`;
        } catch {
          // the steps cannot name their outputs: the index says where
        }
      }
      const from = last === undefined ? 'X' : `step '${last[0]}' (${estimatorClassName(last[1] as object)}) outputs`;
      throw new ValueError(
        `${from} ${describe(v)} in ${column}, row ${i}, but step '${next[0]}' ` +
          `(${estimatorClassName(next[1] as object)}) needs numbers. Encode that column first ` +
          `(OneHotEncoder or OrdinalEncoder, in a ColumnTransformer).`,
      );
    }
  }
}
