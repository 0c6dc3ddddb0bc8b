// The playground's training worker: the command line's steps (typed columns, inferred task, stratified
// hold-out, the ColumnTransformer + MLP Pipeline) on the CSV the page sends, trained with fitAsync so every
// iteration's loss reaches the page as it ends; then the held-out score, the confusion matrix, the model's
// JSON and its ONNX bytes.
import { toOnnx } from '../../../src/index.ts';
import { exportPlan } from '../../../src/cli/export-plan.ts';
import { parseCsv } from '../../../src/cli/csv.ts';
import { buildModel, evaluateModel, fitWithProgress, holdOut } from '../../../src/cli/model.ts';
import {
  columnCells,
  columnIndex,
  featureFrame,
  inferFeatures,
  inferTask,
  readTarget,
  takeFrameRows,
} from '../../../src/cli/table.ts';
import type { TrainRequest, WorkerMessage } from './messages.ts';

/** The worker's global scope, as much of it as this file uses (the page's tsconfig has the DOM types). */
const scope = globalThis as unknown as {
  onmessage: ((e: { data: TrainRequest }) => void) | null;
  postMessage(message: WorkerMessage, transfer?: ArrayBuffer[]): void;
};

const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []) => scope.postMessage(m, transfer);

async function train(r: TrainRequest): Promise<void> {
  const csv = parseCsv(r.csv, r.source);
  const j = columnIndex(csv, r.target, r.source, 'the target');
  const { task, reason } = inferTask(columnCells(csv, j));
  const target = readTarget(csv, j, task, r.source);
  const { features } = inferFeatures(csv, [j]);
  const frame = takeFrameRows(featureFrame(csv, features, r.source), target.rows);
  const { train: rows, test } = holdOut(target.values, task, 0.25, 0);
  const pipe = buildModel(features, {
    task,
    hidden: r.hidden,
    solver: 'adam',
    maxIter: r.maxIter,
    randomState: 0,
    earlyStopping: false,
  });
  const numeric = features.filter((f) => f.kind === 'number').length;
  post({
    type: 'start',
    task,
    reason,
    nTrain: rows.length,
    nTest: test.length,
    numeric,
    text: features.length - numeric,
    maxIter: r.maxIter,
  });
  const summary = await fitWithProgress(
    pipe,
    takeFrameRows(frame, rows),
    rows.map((i) => target.values[i] as number | string),
    (it) => post({ type: 'progress', ...it }),
    { async: true, clock: () => performance.now() },
  );
  const e = evaluateModel(
    pipe,
    takeFrameRows(frame, test),
    test.map((i) => target.values[i] as number | string),
  );
  const plan = exportPlan(pipe);
  let onnx: Uint8Array | null = null;
  let onnxNote: string;
  try {
    onnx = toOnnx(plan.onnx);
    onnxNote = plan.raw
      ? `input X: the ${plan.inputs.length} columns ${plan.inputs.join(', ')}`
      : `input X: the ${plan.inputs.length} encoded features (imputed, scaled, one-hot)`;
  } catch (err) {
    onnxNote = `no ONNX export: ${err instanceof Error ? err.message : String(err)}`;
  }
  post(
    {
      type: 'done',
      metric: e.metric,
      score: e.score,
      nIter: summary.nIter,
      seconds: summary.seconds,
      confusion: e.confusion,
      modelJson: JSON.stringify(pipe.toJSON()),
      onnx,
      onnxNote,
      lossCurve: summary.lossCurve,
    },
    onnx === null ? [] : [onnx.buffer as ArrayBuffer],
  );
}

scope.onmessage = (e) => {
  train(e.data).catch((err: unknown) =>
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
  );
};
