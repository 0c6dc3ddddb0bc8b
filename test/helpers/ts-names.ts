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
};
const LITERALS: Record<string, string> = { None: 'null', True: 'true', False: 'false' };

/** `message` with scikit-learn's Python names replaced by ours. */
export function inTsNames(message: string): string {
  return message
    .replace(/\b[a-z]+(?:_[a-z]+)+\b/g, (w) => NAMES[w] ?? w)
    .replace(/\b(None|True|False)\b/g, (w) => LITERALS[w] as string);
}
