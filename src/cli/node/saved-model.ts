// The commands on a saved model: `evaluate` (score and report on labelled rows), `predict` (one CSV row out
// per row in) and `export` (ONNX, TensorFlow.js). Imports the library's public entry, the CLI's portable
// modules and its Node I/O.

import { performance } from 'node:perf_hooks';
import { isClassifier, toOnnx, toTfjsFiles, type Pipeline } from '../../index.ts';
import { csvLine } from '../csv.ts';
import { UsageError } from '../errors.ts';
import { exportPlan } from '../export-plan.ts';
import { evaluateModel, finalEstimator, loadModel, metricName, modelFeatures } from '../model.ts';
import { columnIndex, featureFrame, readTarget, takeFrameRows, type Task } from '../table.ts';
import { optional, required, type Parsed } from './args.ts';
import { checkWritable, kb, readCsv, readText, writeFile, writeFolder, type Streams } from './io.ts';

function load(path: string): Pipeline {
  return loadModel(readText(path), path);
}

/** A label or a number as a CSV cell (String gives numbers in their shortest round-trip form). */
const cell = (v: unknown): string => String(v);

export function evaluateCommand(p: Parsed, io: Streams): number {
  const [modelPath, dataPath] = p.positionals as [string, string];
  const targetName = required(p, 'target', 'evaluate');
  const json = p.values.json === true;
  const pipe = load(modelPath);
  const features = modelFeatures(pipe, modelPath);
  const csv = readCsv(dataPath);
  const j = columnIndex(csv, targetName, dataPath);
  const task: Task = isClassifier(pipe) ? 'classification' : 'regression';
  const target = readTarget(csv, j, task, dataPath);
  // Labels are compared as the model holds them: numbers when it was fitted on numbers, else text.
  const classes = task === 'classification' ? (finalEstimator(pipe) as { classes_: unknown[] }).classes_ : [];
  const values =
    task === 'classification' && classes.every((c) => typeof c !== 'number')
      ? target.values.map(String)
      : target.values;
  if (
    task === 'classification' &&
    classes.every((c) => typeof c === 'number') &&
    values.some((v) => typeof v !== 'number')
  )
    throw new UsageError(
      `the model's classes are numbers (${classes.slice(0, 5).join(', ')}), but the column ${JSON.stringify(targetName)} of ${dataPath} holds text`,
    );
  const t0 = performance.now();
  const frame = takeFrameRows(featureFrame(csv, features, dataPath), target.rows);
  const e = evaluateModel(pipe, frame, values);
  const seconds = (performance.now() - t0) / 1000;
  if (json) {
    io.out(
      `${JSON.stringify({ task, score: e.score, metric: e.metric, n: values.length, seconds: Number(seconds.toFixed(3)) })}\n`,
    );
    return 0;
  }
  if (target.dropped > 0) io.out(`${target.dropped} rows without a target left out\n`);
  io.out(`${metricName(e.metric)} on ${dataPath}: ${e.score.toFixed(4)} (${values.length} rows)\n`);
  if (e.report !== null) io.out(`\n${e.report}\n`);
  return 0;
}

export function predictCommand(p: Parsed, io: Streams): number {
  const [modelPath, dataPath] = p.positionals as [string, string];
  const out = optional(p, 'out');
  const proba = p.values.proba === true;
  if (out !== undefined) checkWritable(out, '--out');
  const pipe = load(modelPath);
  if (proba && !isClassifier(pipe)) throw new UsageError(`--proba needs a classifier; ${modelPath} holds a regressor`);
  const features = modelFeatures(pipe, modelPath);
  const csv = readCsv(dataPath);
  const frame = featureFrame(csv, features, dataPath);
  let text: string;
  if (proba) {
    const classes = (finalEstimator(pipe) as { classes_: unknown[] }).classes_;
    const rows = pipe.predictProba(frame);
    text = csvLine(classes.map(cell)) + rows.map((r) => csvLine(r.map(cell))).join('');
  } else {
    const predictions = pipe.predict(frame) as unknown[];
    text = csvLine(['prediction']) + predictions.map((v) => csvLine([cell(v)])).join('');
  }
  if (out === undefined) io.out(text);
  else {
    writeFile(out, text);
    io.err(`wrote ${csv.rows.length} predictions to ${out}\n`);
  }
  return 0;
}

export function exportCommand(p: Parsed, io: Streams): number {
  const [modelPath] = p.positionals as [string];
  const onnx = optional(p, 'onnx');
  const tfjs = optional(p, 'tfjs');
  if (onnx === undefined && tfjs === undefined)
    throw new UsageError(`'scikeras-ts export' needs --onnx <file.onnx> or --tfjs <dir> (or both)`);
  if (onnx !== undefined) checkWritable(onnx, '--onnx');
  const pipe = load(modelPath);
  const plan = exportPlan(pipe);
  const mlp = finalEstimator(pipe);
  const classes = isClassifier(pipe) ? (mlp as { classes_: unknown[] }).classes_ : null;
  const inputs = `[N, ${plan.inputs.length}] float32, the columns ${plan.inputs.map((c) => JSON.stringify(c)).join(', ')}`;
  if (onnx !== undefined) {
    const bytes = toOnnx(plan.onnx);
    writeFile(onnx, bytes);
    const outputs = classes === null ? "'variable'" : "'output_label' and 'output_probability'";
    io.out(`wrote ${onnx} (${kb(bytes.length)}): input 'X' ${inputs}; outputs ${outputs}\n`);
  }
  if (tfjs !== undefined) {
    const files: Record<string, string | Uint8Array> = { ...toTfjsFiles(plan.network) };
    const written = writeFolder(tfjs, files);
    const units = plan.network.outputShape()[0];
    const output =
      classes === null
        ? 'the prediction'
        : units === 1
          ? `the probability of ${String(classes[classes.length - 1])}`
          : `the probabilities of ${classes.join(', ')}`;
    io.out(`wrote ${written.join(' and ')}: input ${inputs}; output ${output}\n`);
  }
  io.out(
    plan.raw
      ? 'note: the exported model has no imputer: every cell must hold a number\n'
      : "note: the exported model takes the encoded features (imputed, scaled, one-hot); the ColumnTransformer has no ONNX / TensorFlow.js form: predict raw rows with 'scikeras-ts predict'\n",
  );
  return 0;
}
