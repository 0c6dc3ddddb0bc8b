// The fixed workloads W1-W5: data, architecture and training settings every
// framework runs identically, and how a run's seconds become the reported metric. Imports bench/data.ts only.

import { W1_ARGS, classificationSampler, digits, regressionData, splitAt, wideData, type Matrix } from './data.ts';

export type WorkloadId = 'W1' | 'W2' | 'W3' | 'W4' | 'W5';
export const WORKLOAD_IDS: readonly WorkloadId[] = ['W1', 'W2', 'W3', 'W4', 'W5'];

export type Task = 'binary' | 'multiclass' | 'regression';
export type TimeMetric = 'ms/epoch' | 'samples/s' | 'rows/s';

/** Sizes that differ between quick, full and smoke runs. */
export interface Sizes {
  w1Epochs: number;
  w2Epochs: number;
  /** W3 training rows for fast frameworks, and per slow framework key (see `Workload.trainRows`). */
  w3Rows: number;
  w3SlowRows: Readonly<Record<string, number>>;
  w3TestRows: number;
  w4Epochs: number;
  w5Rows: number;
  /** Epochs the W1 net trains (untimed) before W5 times its predictions. */
  w5TrainEpochs: number;
}

export const QUICK_SIZES: Sizes = {
  w1Epochs: 50,
  w2Epochs: 50,
  w3Rows: 7680,
  w3SlowRows: { 'tfjs/wasm': 2560, 'tfjs/cpu': 1024, 'scikeras-ts/typescript': 2560 },
  w3TestRows: 1024,
  w4Epochs: 20,
  w5Rows: 100000,
  w5TrainEpochs: 5,
};

export const FULL_SIZES: Sizes = {
  w1Epochs: 50,
  w2Epochs: 200,
  w3Rows: 60000,
  w3SlowRows: { 'tfjs/wasm': 7680, 'tfjs/cpu': 2560, 'scikeras-ts/typescript': 15360 },
  w3TestRows: 2048,
  w4Epochs: 20,
  w5Rows: 100000,
  w5TrainEpochs: 5,
};

/** One workload: identical in every framework (float32, glorot-uniform kernels, Adam, shuffled batches). */
export interface Workload {
  id: WorkloadId;
  title: string;
  /** 'fit' times training; 'predict' trains untimed, then times predictions on `predictSet`. */
  kind: 'fit' | 'predict';
  task: Task;
  /** Output units: 1 for binary (sigmoid) and regression (linear), the class count for softmax. */
  outputs: number;
  hidden: readonly number[];
  batchSize: number;
  epochs: number;
  learningRate: number;
  train: Matrix;
  /** Scored on this set; null scores on the training rows. */
  test: Matrix | null;
  predictSet: Matrix | null;
  timeMetric: TimeMetric;
  scoreName: 'train accuracy' | 'test accuracy' | 'test R^2';
  /** Rows a framework trains on (W3 gives slow frameworks a fixed slice). */
  trainRows(frameworkKey: string): number;
  note: string;
}

/** Adam's epsilon everywhere (Keras' and TensorFlow.js' default; scikit-learn is told the same). */
export const ADAM_EPSILON = 1e-7;

const all = (m: Matrix) => (): number => m.rows;

/** Builds the workloads (data generated now, deterministically) for the given sizes. */
export function buildWorkloads(sizes: Sizes, only: readonly WorkloadId[] = WORKLOAD_IDS): Workload[] {
  const out: Workload[] = [];
  const sampler = classificationSampler(20240601, W1_ARGS);
  const w1 = sampler(1000, 1);
  const base = { learningRate: 1e-3, predictSet: null, test: null } as const;
  if (only.includes('W1')) {
    out.push({
      ...base,
      id: 'W1',
      title: 'seed: make_classification 1000x20, (100,) relu, sigmoid+BCE, batch 32',
      kind: 'fit',
      task: 'binary',
      outputs: 1,
      hidden: [100],
      batchSize: 32,
      epochs: sizes.w1Epochs,
      train: w1,
      timeMetric: 'ms/epoch',
      scoreName: 'train accuracy',
      trainRows: all(w1),
      note: '',
    });
  }
  if (only.includes('W2')) {
    const [train, test] = digits();
    out.push({
      ...base,
      id: 'W2',
      title: `digits 1797x64 standardised, 75/25 stratified, (100,) relu, softmax+sparse CE, batch 200`,
      kind: 'fit',
      task: 'multiclass',
      outputs: 10,
      hidden: [100],
      batchSize: 200,
      epochs: sizes.w2Epochs,
      train,
      test,
      timeMetric: 'ms/epoch',
      scoreName: 'test accuracy',
      trainRows: all(train),
      note: sizes.w2Epochs === 200 ? '' : `${sizes.w2Epochs} epochs in quick mode (200 with --full)`,
    });
  }
  if (only.includes('W3')) {
    const data = wideData(sizes.w3Rows + sizes.w3TestRows, 784, 10, 7);
    const [train, test] = splitAt(data, sizes.w3Rows);
    const slow = sizes.w3SlowRows;
    const sliced = Object.entries(slow)
      .map(([k, v]) => `${k} ${Math.min(v, sizes.w3Rows)}`)
      .join(', ');
    out.push({
      ...base,
      id: 'W3',
      title: `wide: synthetic ${sizes.w3Rows}x784, 10 classes, (512, 256) relu, softmax+sparse CE, batch 256, 1 epoch`,
      kind: 'fit',
      task: 'multiclass',
      outputs: 10,
      hidden: [512, 256],
      batchSize: 256,
      epochs: 1,
      train,
      test,
      timeMetric: 'samples/s',
      scoreName: 'test accuracy',
      trainRows: (k) => Math.min(slow[k] ?? sizes.w3Rows, sizes.w3Rows),
      note: `slow frameworks train a fixed slice of the rows (${sliced}); their accuracy is not comparable and not guarded`,
    });
  }
  if (only.includes('W4')) {
    const [train, test] = splitAt(regressionData(10000, 50, 0.1, 11), 8000);
    out.push({
      ...base,
      id: 'W4',
      title: 'regression: 10000x50 linear + noise (80/20), (100,) relu, MSE, batch 200',
      kind: 'fit',
      task: 'regression',
      outputs: 1,
      hidden: [100],
      batchSize: 200,
      epochs: sizes.w4Epochs,
      train,
      test,
      timeMetric: 'ms/epoch',
      scoreName: 'test R^2',
      trainRows: all(train),
      note: '',
    });
  }
  if (only.includes('W5')) {
    const predictSet = sampler(sizes.w5Rows, 2);
    out.push({
      ...base,
      id: 'W5',
      title: `inference: predict ${sizes.w5Rows}x20 in one batch with the W1 net`,
      kind: 'predict',
      task: 'binary',
      outputs: 1,
      hidden: [100],
      batchSize: 32,
      epochs: sizes.w5TrainEpochs,
      train: w1,
      predictSet,
      timeMetric: 'rows/s',
      scoreName: 'test accuracy',
      trainRows: all(w1),
      note: `the net trains ${sizes.w5TrainEpochs} epochs on W1 (untimed); accuracy is on the predicted rows`,
    });
  }
  return out;
}

/** The reported figure of one run: ms/epoch, or throughput for samples/s and rows/s. */
export function metricOf(w: Workload, seconds: number, trainRows: number): number {
  switch (w.timeMetric) {
    case 'ms/epoch':
      return (seconds * 1000) / w.epochs;
    case 'samples/s':
      return (trainRows * w.epochs) / seconds;
    case 'rows/s':
      return (w.predictSet ?? w.train).rows / seconds;
    default:
      return w.timeMetric satisfies never;
  }
}

/** Seconds per unit of work (lower is faster), the quantity ratios compare. */
export function timePerUnit(w: Workload, metric: number): number {
  return w.timeMetric === 'ms/epoch' ? metric : 1 / metric;
}

/** The rows a framework is scored on. */
export function scoreSet(w: Workload): Matrix {
  return w.kind === 'predict' ? (w.predictSet as Matrix) : (w.test ?? w.train);
}
