// scikit-learn's messages in this package's words, for the tests that compare our messages with scikit-learn's:
// the same sentences, with parameter and argument names as TypeScript spells them (camelCase) and Python's
// None / True / False as null / true / false.

const NAMES: Record<string, string> = {
  y_true: 'yTrue',
  y_pred: 'yPred',
  y_score: 'yScore',
  sample_weight: 'sampleWeight',
  class_weight: 'classWeight',
  pos_label: 'posLabel',
  zero_division: 'zeroDivision',
  target_names: 'targetNames',
  max_fpr: 'maxFpr',
  multi_class: 'multiClass',
  test_size: 'testSize',
  train_size: 'trainSize',
  n_splits: 'nSplits',
  n_samples: 'nSamples',
  random_state: 'randomState',
  partial_fit: 'partialFit',
  early_stopping: 'earlyStopping',
  warm_start: 'warmStart',
  validation_fraction: 'validationFraction',
  batch_size: 'batchSize',
  y_prob: 'yProb',
  n_classes: 'nClasses',
  n_features: 'nFeatures',
  train_sizes: 'trainSizes',
  fill_value: 'fillValue',
  missing_values: 'missingValues',
  handle_unknown: 'handleUnknown',
  unknown_value: 'unknownValue',
  include_bias: 'includeBias',
  check_inverse: 'checkInverse',
  add_indicator: 'addIndicator',
  inverse_transform: 'inverseTransform',
};
const LITERALS: Record<string, string> = { None: 'null', True: 'true', False: 'false' };

/** `message` with scikit-learn's Python names replaced by ours (NumPy's np.nan is NaN here). */
export function inTsNames(message: string): string {
  return message
    .replace(/\b[a-z]+(?:_[a-z]+)+\b/g, (w) => NAMES[w] ?? w)
    .replace(/\b(None|True|False)\b/g, (w) => LITERALS[w] as string)
    .replace(/\bnp\.nan\b/g, 'NaN');
}

/** Every message of a fixture's table, in our names. */
export function allInTsNames<K extends string>(messages: Record<K, string>): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const k of Object.keys(messages) as K[]) out[k] = inTsNames(messages[k]);
  return out;
}
