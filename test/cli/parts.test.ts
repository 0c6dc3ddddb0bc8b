// The command line's portable parts, from source: column typing and task inference, the model and its hold
// out, the progress reader and bar, the SVG, the export plan's folded scaler, and the dispatcher's exit
// statuses (2 for the user's problems, 1 for an internal failure, with --debug's stack).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng, setWarningHandler, tensor } from '../../src/index.ts';
import { parseCsv } from '../../src/cli/csv.ts';
import { exportPlan } from '../../src/cli/export-plan.ts';
import { buildModel, evaluateModel, fitWithProgress, holdOut, modelFeatures, loadModel } from '../../src/cli/model.ts';
import { lossCurveSvg, niceTicks } from '../../src/cli/plot.ts';
import { captureIterations, type IterationReport } from '../../src/cli/progress.ts';
import { progressBar } from '../../src/cli/progress-bar.ts';
import { columnKind, featureFrame, inferFeatures, inferTask, numberCell, readTarget } from '../../src/cli/table.ts';
import { runCli } from '../../src/cli/node/run.ts';
import type { Streams } from '../../src/cli/node/io.ts';
import { ROOT } from '../../scripts/portability/harness.ts';
import { allclose } from '../helpers/allclose.ts';

setWarningHandler(() => undefined); // short fits on purpose: ConvergenceWarnings are expected

test('cells: decimal numbers (no hex, Infinity or NaN), empty is missing; a column of numbers allows gaps', () => {
  assert.equal(['1', ' -2.5 ', '1e-3', '.5', '7.', '', '  '].map(numberCell), [1, -2.5, 0.001, 0.5, 7, null, null]);
  for (const s of ['0x10', 'Infinity', 'NaN', '1,5', 'abc', '1e']) assert.ok(Number.isNaN(numberCell(s)), s);
  assert.is(columnKind(['1', '', '2.5']), 'number');
  assert.is(columnKind(['1', 'n/a', '2']), 'text');
  assert.is(columnKind(['', '']), 'number');
});

test('task inference: text or at most 20 distinct whole numbers is classification, other numbers regression', () => {
  assert.equal(inferTask(['a', 'b', '']).task, 'classification');
  assert.equal(inferTask(['true', 'false']).task, 'classification');
  assert.equal(inferTask(['0', '1', '1', '']), { task: 'classification', reason: 'holds 2 distinct whole numbers' });
  const twenty = Array.from({ length: 20 }, (_, i) => String(i));
  assert.is(inferTask(twenty).task, 'classification');
  assert.equal(inferTask([...twenty, '20']), {
    task: 'regression',
    reason: 'holds 21 distinct whole numbers (more than 20)',
  });
  assert.equal(inferTask(['0.5', '1', '2']), { task: 'regression', reason: 'holds numbers that are not all whole' });
});

test('features and target: typed columns, empty ones left out, rows without a target dropped', () => {
  const csv = parseCsv('a,b,c,y\n1,x,,u\n2,,,\n,z,,v\n', 't.csv');
  const { features, empty } = inferFeatures(csv, [3]);
  assert.equal(features, [
    { name: 'a', kind: 'number' },
    { name: 'b', kind: 'text' },
  ]);
  assert.equal(empty, ['c']);
  assert.equal(featureFrame(csv, features, 't.csv'), {
    columns: ['a', 'b'],
    data: [
      [1, 'x'],
      [2, null],
      [null, 'z'],
    ],
  });
  assert.equal(readTarget(csv, 3, 'classification', 't.csv'), { rows: [0, 2], values: ['u', 'v'], dropped: 1 });
  const numeric = parseCsv('x,y\n1,3\n2,4\n');
  assert.equal(readTarget(numeric, 1, 'classification', 'n.csv').values, [3, 4]);
});

test('hold-out: stratified for classification (each class in both parts), a plain shuffle for regression', () => {
  const y = Array.from({ length: 40 }, (_, i) => (i % 4 === 0 ? 'rare' : 'common'));
  const { train, test: held } = holdOut(y, 'classification', 0.25, 0);
  assert.is(held.length, 10);
  assert.is(held.filter((i) => y[i] === 'rare').length, 3);
  assert.equal(
    [...train, ...held].sort((a, b) => a - b),
    Array.from({ length: 40 }, (_, i) => i),
  );
  const r = holdOut(
    Array.from({ length: 40 }, (_, i) => i / 3),
    'regression',
    10,
    0,
  );
  assert.is(r.test.length, 10);
});

test('captureIterations: each iteration reported (with its validation score), other lines kept, console restored', async () => {
  const original = console.log;
  const seen: IterationReport[] = [];
  const other: string[] = [];
  const value = captureIterations(
    { validation: true, onIteration: (r) => seen.push(r), onOther: (l) => other.push(l) },
    () => {
      console.log('Iteration 1, loss = 0.50000000');
      console.log('Validation score: 0.750000');
      console.log('Iteration 2, loss = 0.25000000');
      console.log('Validation score: 0.875000');
      console.log('Validation score did not improve more than tol=0.000100 for 10 consecutive epochs. Stopping.');
      return 42;
    },
  );
  assert.is(value, 42);
  assert.equal(seen, [
    { iteration: 1, loss: 0.5, validationScore: 0.75 },
    { iteration: 2, loss: 0.25, validationScore: 0.875 },
  ]);
  assert.equal(other, ['Validation score did not improve more than tol=0.000100 for 10 consecutive epochs. Stopping.']);
  assert.is(console.log, original);
  assert.throws(() =>
    captureIterations({ validation: false, onIteration: () => undefined }, () => {
      throw new Error('boom');
    }),
  );
  assert.is(console.log, original, 'restored after a throw');
  const p = captureIterations({ validation: false, onIteration: (r) => seen.push(r) }, async () => {
    await new Promise((r) => setTimeout(r, 1));
    console.log('Iteration 3, loss = 0.12500000');
  });
  assert.is.not(console.log, original, 'still capturing while the promise runs');
  await p;
  assert.is(console.log, original, 'restored when the promise settles');
  assert.equal(seen[2], { iteration: 3, loss: 0.125, validationScore: null });
});

test('the progress bar: a line per 10% in a pipe (and where an early stop ended), a redrawn bar on a TTY', () => {
  let text = '';
  const pipe = progressBar(50, { write: (s) => (text += s), tty: false });
  for (let i = 1; i <= 23; i++) pipe.update({ iteration: i, loss: 1 / i, validationScore: null });
  pipe.done();
  const lines = text.trimEnd().split('\n');
  assert.equal(
    lines.map((l) => /^\s*(\d+)%/.exec(l)?.[1]),
    ['10', '20', '30', '40', '46'],
  );
  assert.match(lines[0] as string, /^ 10% iteration 5\/50, loss 0\.20000$/);
  assert.match(lines[4] as string, /iteration 23\/50, loss 0\.043478 \(stopped\)$/);
  let tty = '';
  const bar = progressBar(4, { write: (s) => (tty += s), tty: true, columns: 80 });
  for (let i = 1; i <= 4; i++) bar.update({ iteration: i, loss: 0.5, validationScore: 0.9 });
  bar.done();
  assert.is(tty.split('\r').length, 5);
  assert.ok(tty.endsWith('\n') && tty.includes('[##########'), JSON.stringify(tty));
  assert.match(tty, /100% iteration 4\/4, loss 0\.50000, validation score 0\.9000/);
});

test('the SVG: axes, tick labels, axis labels, title escaped, a point per iteration, a second axis for validation', () => {
  assert.equal(niceTicks(0, 1), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.equal(niceTicks(1, 200), [50, 100, 150, 200]);
  assert.equal(niceTicks(3, 3), [3]);
  const loss = [1, 0.6, 0.4, 0.3];
  const svg = lossCurveSvg({ loss, title: 'a < b & "c"' });
  assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"') && svg.trimEnd().endsWith('</svg>'));
  assert.ok(svg.includes('>a &lt; b &amp; &quot;c&quot;</text>'));
  for (const t of ['>iteration</text>', '>training loss</text>']) assert.ok(svg.includes(t), t);
  assert.is(/class="loss"[^>]*points="([^"]*)"/.exec(svg)?.[1]?.split(' ').length, 4);
  assert.not.ok(svg.includes('validation'));
  const withVal = lossCurveSvg({ loss, validation: [0.5, 0.7, 0.8, 0.85], xMax: 10 });
  assert.ok(withVal.includes('>validation score</text>'));
  assert.is(/class="validation"[^>]*points="([^"]*)"/.exec(withVal)?.[1]?.split(' ').length, 4);
  // With xMax the curve spans only the first iterations' part of the width.
  const xs = (/class="loss"[^>]*points="([^"]*)"/.exec(withVal)?.[1] ?? '')
    .split(' ')
    .map((p) => Number(p.split(',')[0]));
  assert.ok((xs[3] as number) < 640 / 2, `x of iteration 4 of 10: ${xs[3]}`);
});

test('export plan: numbers only -> the scaler folded into the first Dense gives the Pipeline on raw rows', () => {
  const text = readFileSync(join(ROOT, 'examples', 'data', 'iris_strings.csv'), 'utf8');
  const csv = parseCsv(text);
  const { features } = inferFeatures(csv, [4]);
  const X = featureFrame(csv, features, 'iris');
  const y = readTarget(csv, 4, 'classification', 'iris').values;
  const pipe = buildModel(features, {
    task: 'classification',
    hidden: [16],
    solver: 'adam',
    maxIter: 100,
    randomState: 0,
    earlyStopping: false,
  });
  const seen: number[] = [];
  const summary = fitWithProgress(pipe, X, y, (r) => seen.push(r.iteration), { clock: () => 0 });
  assert.equal(
    seen,
    Array.from({ length: 100 }, (_, i) => i + 1),
  );
  assert.is(summary.lossCurve.length, 100);
  assert.is(
    (pipe.steps[1]?.[1] as unknown as { verbose: boolean }).verbose,
    false,
    'verbose is off again in the saved model',
  );
  const plan = exportPlan(pipe);
  assert.ok(plan.raw);
  assert.equal(plan.inputs, csv.header.slice(0, 4));
  const raw = tensor(X.data as number[][], { dtype: 'float32' });
  const folded = plan.network.predict(raw);
  allclose(folded.data, pipe.predictProba(X), { rtol: 1e-4, atol: 1e-6, msg: 'folded network vs Pipeline' });
  const score = evaluateModel(pipe, X, y).score;
  // 100 full-batch Adam steps at scikit-learn's learning rate: well above chance (1/3), not yet converged.
  assert.ok(score > 0.6, `accuracy after 100 iterations: ${score}`);
  // The saved model reads back with its typed columns.
  const back = loadModel(JSON.stringify(pipe.toJSON()), 'm.json');
  assert.equal(modelFeatures(back, 'm.json'), features);
});

test('export plan: a text column -> the MLP alone on the encoded features, named', () => {
  const rng = new Rng(1);
  const rows = Array.from(
    { length: 40 },
    (_, i) => `${rng.normal().toFixed(3)},${i % 2 === 0 ? 'red' : 'blue'},${i % 2}`,
  );
  const csv = parseCsv(`x,colour,y\n${rows.join('\n')}\n`);
  const { features } = inferFeatures(csv, [2]);
  const pipe = buildModel(features, {
    task: 'classification',
    hidden: [4],
    solver: 'lbfgs',
    maxIter: 20,
    randomState: 0,
    earlyStopping: false,
  });
  const summary = fitWithProgress(
    pipe,
    featureFrame(csv, features, 'c'),
    readTarget(csv, 2, 'classification', 'c').values,
    () => undefined,
    {
      clock: () => 0,
    },
  );
  assert.equal(summary.lossCurve, [], 'lbfgs keeps no loss curve');
  const plan = exportPlan(pipe);
  assert.not.ok(plan.raw);
  assert.equal(plan.inputs, ['numbers__x', 'text__colour_blue', 'text__colour_red']);
  assert.equal(modelFeatures(pipe, 'm'), features);
});

function streams(): Streams & { text: { out: string; err: string } } {
  const text = { out: '', err: '' };
  return { text, out: (s) => (text.out += s), err: (s) => (text.err += s), errTty: false, columns: 80 };
}

test('exit statuses: 0 on success, 2 for a usage error, 1 for an internal failure (stack only with --debug)', () => {
  const ok = streams();
  assert.is(runCli(['--version'], ok), 0);
  assert.match(ok.text.out, /^\d+\.\d+\.\d+\n$/);
  const usage = streams();
  assert.is(runCli(['fit', '--frobnicate'], usage), 2);
  assert.is(
    usage.text.err,
    "scikeras-ts: error: unknown flag --frobnicate for 'scikeras-ts fit'; see 'scikeras-ts fit --help'\n",
  );
  // A failure that is no problem of the input: a broken stdout.
  const broken: Streams = {
    ...streams(),
    out: () => {
      throw new TypeError('stdout went away');
    },
  };
  const errs: string[] = [];
  broken.err = (s) => errs.push(s);
  assert.is(runCli(['--help'], broken), 1);
  assert.equal(errs, ['scikeras-ts: internal error: stdout went away (run again with --debug for the stack trace)\n']);
  errs.length = 0;
  assert.is(runCli(['--debug', '--help'], broken), 1);
  assert.match(errs[0] as string, /^TypeError: stdout went away\n\s+at /);
  assert.is(errs[1], 'scikeras-ts: internal error: stdout went away\n');
});

test.run();
