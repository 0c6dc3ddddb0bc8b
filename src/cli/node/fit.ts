// `scikeras-ts fit`: read the CSV, type its columns, infer the task, hold out rows, train the Pipeline with
// progress on stderr, then print the held-out score (and the classification report), and save the model and
// the loss curve when asked. Imports the library's public entry, the CLI's portable modules and its Node I/O.

import { performance } from 'node:perf_hooks';
import { setWarningHandler } from '../../index.ts';
import { UsageError } from '../errors.ts';
import {
  buildModel,
  evaluateModel,
  finalEstimator,
  fitWithProgress,
  holdOut,
  metricName,
  type Solver,
} from '../model.ts';
import { lossCurveSvg } from '../plot.ts';
import { progressBar } from '../progress-bar.ts';
import {
  columnCells,
  columnIndex,
  featureFrame,
  inferFeatures,
  inferTask,
  readTarget,
  takeFrameRows,
  type Task,
} from '../table.ts';
import { choiceFlag, hiddenFlag, integerFlag, optional, required, testSizeFlag, type Parsed } from './args.ts';
import { checkWritable, kb, readCsv, writeFile, type Streams } from './io.ts';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function fitCommand(p: Parsed, io: Streams): number {
  const [path] = p.positionals as [string];
  const targetName = required(p, 'target', 'fit');
  const taskFlag = optional(p, 'task');
  const forcedTask =
    taskFlag === undefined ? null : choiceFlag<Task>(taskFlag, 'task', ['classification', 'regression']);
  const hidden = hiddenFlag(optional(p, 'hidden') ?? '100');
  const solver = choiceFlag<Solver>(optional(p, 'solver') ?? 'adam', 'solver', ['adam', 'sgd', 'lbfgs']);
  const maxIter = integerFlag(optional(p, 'max-iter') ?? '200', 'max-iter', 1);
  const testSize = testSizeFlag(optional(p, 'test-size') ?? '0.25');
  const randomState = integerFlag(optional(p, 'random-state') ?? '0', 'random-state', 0);
  const earlyStopping = p.values['early-stopping'] === true;
  const out = optional(p, 'out');
  const plot = optional(p, 'plot');
  const json = p.values.json === true;
  if (plot !== undefined && solver === 'lbfgs')
    throw new UsageError(
      '--plot needs a loss curve, and the lbfgs solver keeps none (as in scikit-learn); use adam or sgd',
    );
  if (out !== undefined) checkWritable(out, '--out');
  if (plot !== undefined) checkWritable(plot, '--plot');

  const csv = readCsv(path);
  const j = columnIndex(csv, targetName, path);
  const inferred = inferTask(columnCells(csv, j));
  const task = forcedTask ?? inferred.task;
  const target = readTarget(csv, j, task, path);
  const { features, empty } = inferFeatures(csv, [j]);
  const frame = takeFrameRows(featureFrame(csv, features, path), target.rows);
  const { train, test } = holdOut(target.values, task, testSize, randomState);
  const pipe = buildModel(features, { task, hidden, solver, maxIter, randomState, earlyStopping });
  const mlp = finalEstimator(pipe);

  const text = (s: string) => {
    if (!json) io.out(s);
  };
  const nText = features.filter((f) => f.kind === 'text').length;
  text(
    `data: ${path}: ${plural(csv.rows.length, 'row')}, ${plural(features.length, 'feature')} ` +
      `(${features.length - nText} numeric, ${nText} text), target ${JSON.stringify(targetName)}\n`,
  );
  if (target.dropped > 0) text(`      ${plural(target.dropped, 'row')} without a target left out\n`);
  if (empty.length > 0) text(`      left out the empty column${empty.length === 1 ? '' : 's'} ${empty.join(', ')}\n`);
  const classes = new Set(target.values).size;
  text(
    `task: ${task}${forcedTask === null ? ` (inferred: ${JSON.stringify(targetName)} ${inferred.reason})` : ' (--task)'}` +
      `${task === 'classification' ? `, ${plural(classes, 'class', 'classes')}` : ''}\n`,
  );
  text(
    `split: ${train.length} rows to train, ${test.length} held out` +
      ` (${task === 'classification' ? 'stratified, ' : ''}random state ${randomState})\n`,
  );
  text(
    `model: ${mlp.constructor.name}(hiddenLayerSizes=[${hidden.join(', ')}], solver='${solver}', maxIter=${maxIter}${earlyStopping ? ', earlyStopping=true' : ''})\n`,
  );

  const warnings: string[] = [];
  const previous = setWarningHandler((category, message) => warnings.push(`warning: ${category}: ${message}`));
  const bar = progressBar(maxIter, { write: io.err, tty: io.errTty, columns: io.columns });
  if (!json && solver === 'lbfgs') io.err('training with lbfgs (it reports no per-iteration progress)...\n');
  let summary;
  try {
    summary = fitWithProgress(
      pipe,
      takeFrameRows(frame, train),
      train.map((i) => target.values[i] as number | string),
      json ? () => undefined : (r) => bar.update(r),
      { clock: () => performance.now() },
    );
  } finally {
    bar.done();
    setWarningHandler(previous);
  }
  for (const w of warnings) io.err(`${w}\n`);
  const yTest = test.map((i) => target.values[i] as number | string);
  const evaluation = evaluateModel(pipe, takeFrameRows(frame, test), yTest);

  const last = summary.lossCurve[summary.lossCurve.length - 1];
  text(
    `trained: ${plural(summary.nIter, 'iteration')} in ${summary.seconds.toFixed(2)} s` +
      `${last === undefined ? '' : `, final loss ${last.toPrecision(5)}`}\n`,
  );
  for (const note of summary.notes) text(`         ${note}\n`);
  text(`held-out ${metricName(evaluation.metric)}: ${evaluation.score.toFixed(4)} (${plural(test.length, 'row')})\n`);
  if (evaluation.report !== null) text(`\n${evaluation.report}\n`);
  if (task === 'regression' && evaluation.score < 0 && summary.nIter === maxIter && !json)
    io.err(
      'hint: the network had not converged; MLPRegressor learns an unscaled target slowly: try a larger --max-iter\n',
    );
  if (out !== undefined) {
    const saved = JSON.stringify(pipe.toJSON());
    writeFile(out, saved);
    text(`saved the fitted Pipeline to ${out} (${kb(saved.length)})\n`);
  }
  if (plot !== undefined) {
    writeFile(
      plot,
      lossCurveSvg({
        loss: summary.lossCurve,
        validation: summary.validationScores,
        title: `${mlp.constructor.name} on ${path.split(/[\\/]/).pop() ?? path}: training loss${summary.validationScores === null ? '' : ' and validation score'}`,
      }),
    );
    text(`wrote the loss curve to ${plot}\n`);
  }
  if (json)
    io.out(
      `${JSON.stringify({
        task,
        score: evaluation.score,
        metric: evaluation.metric,
        nTrain: train.length,
        nTest: test.length,
        nIter: summary.nIter,
        seconds: Number(summary.seconds.toFixed(3)),
      })}\n`,
    );
  return 0;
}
