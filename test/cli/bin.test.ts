// The `scikeras-ts` command as users run it: the package packed and installed into an empty project (the
// portability harness), its node_modules/.bin/scikeras-ts run on the shared CSVs (iris with string labels,
// breast cancer, diabetes as regression) and on a CSV with gaps, quoted text and a text feature column.
// Outputs are checked by what reads them: the saved model by evaluate / predict, the ONNX file by
// onnxruntime-web, the TensorFlow.js files by @tensorflow/tfjs; every error case by its status and one line.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once, PKG, preparePackage, ROOT, run } from '../../scripts/portability/harness.ts';
import { allclose } from '../helpers/allclose.ts';
import { runOnnx } from '../helpers/onnx-runtime.ts';

const DATA = join(ROOT, 'examples', 'data');
const IRIS = join(DATA, 'iris_strings.csv');
const CANCER = join(DATA, 'breast_cancer.csv');
const DIABETES = join(DATA, 'diabetes.csv');
const GAPS = join(ROOT, 'test', 'fixtures', 'cli', 'iris_gaps.csv');
const JSON_KEYS = ['task', 'score', 'metric', 'nTrain', 'nTest', 'nIter', 'seconds'];

const setup = once(async () => {
  const packed = preparePackage();
  for (const line of packed.log) console.log(line);
  const bin = join(packed.consumer, 'node_modules', '.bin', 'scikeras-ts');
  const work = mkdtempSync(join(tmpdir(), 'scikeras-cli-'));
  return { bin, work, consumer: packed.consumer };
});

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

async function cli(...args: string[]): Promise<Result> {
  const { bin, work } = await setup();
  // A pipe, not a terminal: progress comes as a line per 10%.
  return run(bin, args, work, { timeoutMs: 120_000 });
}

async function ok(...args: string[]): Promise<Result> {
  const r = await cli(...args);
  assert.is(r.status, 0, `scikeras-ts ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  return r;
}

const out = async (name: string) => join((await setup()).work, name);

function csvRows(text: string): string[][] {
  return text
    .trimEnd()
    .split('\n')
    .map((l) => l.split(','));
}

test('--version prints the package version; --help lists the commands; each command has its --help', async () => {
  assert.is((await ok('--version')).stdout.trim(), PKG.version);
  const help = (await ok('--help')).stdout;
  for (const c of [
    'fit <data.csv> --target',
    'evaluate <model.json> <data.csv>',
    'predict <model.json>',
    'export <model.json> --onnx',
  ])
    assert.ok(help.includes(c), `--help lacks '${c}':\n${help}`);
  const flags: Record<string, string[]> = {
    fit: ['target', 'task', 'hidden', 'solver', 'max-iter', 'test-size', 'random-state', 'out', 'plot', 'json'],
    evaluate: ['target', 'json'],
    predict: ['proba', 'out'],
    export: ['onnx', 'tfjs'],
  };
  for (const [command, names] of Object.entries(flags)) {
    const h = (await ok(command, '--help')).stdout;
    assert.ok(h.startsWith(`Usage: scikeras-ts ${command} `), h);
    for (const f of [...names, 'help', 'debug']) assert.ok(h.includes(`--${f}`), `${command} --help lacks --${f}`);
  }
});

test('fit on iris (string labels): task inferred, progress per 10% on stderr, score and report, model and SVG saved', async () => {
  const model = await out('iris.json');
  const plot = await out('iris.svg');
  const r = await ok('fit', IRIS, '--target', 'species', '--out', model, '--plot', plot);
  assert.match(r.stdout, /task: classification \(inferred: "species" holds text \("setosa"\)\), 3 classes/);
  assert.match(r.stdout, /split: 112 rows to train, 38 held out \(stratified, random state 0\)/);
  const acc = Number(/held-out accuracy: ([\d.]+) \(38 rows\)/.exec(r.stdout)?.[1]);
  assert.ok(acc >= 0.9, `held-out accuracy ${acc}`);
  for (const label of ['setosa', 'versicolor', 'virginica', 'macro avg', 'weighted avg'])
    assert.match(r.stdout, new RegExp(`\\n\\s*${label}\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+\\s+\\d+\\n`));
  const progress = r.stderr.split('\n').filter((l) => /^\s*\d+% iteration/.test(l));
  assert.equal(
    progress.map((l) => Number(/(\d+)%/.exec(l)?.[1])),
    [10, 20, 30, 40, 50, 60, 70, 80, 90, 100],
  );
  assert.match(progress[9] as string, /iteration 200\/200, loss \d/);
  const saved = JSON.parse(readFileSync(model, 'utf8')) as {
    className: string;
    steps: [string, { className: string }][];
  };
  assert.is(saved.className, 'Pipeline');
  assert.equal(
    saved.steps.map(([n, s]) => [n, s.className]),
    [
      ['columns', 'ColumnTransformer'],
      ['mlp', 'MLPClassifier'],
    ],
  );
  const svg = readFileSync(plot, 'utf8');
  assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'), svg.slice(0, 80));
  for (const text of ['>iteration</text>', '>training loss</text>'])
    assert.ok(svg.includes(text), `the SVG lacks ${text}`);
  const points = /class="loss"[^>]*points="([^"]*)"/.exec(svg)?.[1]?.split(' ') ?? [];
  assert.is(points.length, 200, 'one point per iteration');
  assert.not.ok(svg.includes('class="validation"'), 'no validation curve without early stopping');
});

test('fit --json: one JSON object { task, score, metric, nTrain, nTest, nIter, seconds } and nothing else on stdout', async () => {
  const r = await ok('fit', IRIS, '--target', 'species', '--json');
  const lines = r.stdout.trimEnd().split('\n');
  assert.is(lines.length, 1, r.stdout);
  const j = JSON.parse(lines[0] as string) as Record<string, unknown>;
  assert.equal(Object.keys(j), JSON_KEYS);
  assert.is(j.task, 'classification');
  assert.is(j.metric, 'accuracy');
  assert.is(j.nTrain, 112);
  assert.is(j.nTest, 38);
  assert.is(j.nIter, 200);
  assert.ok((j.score as number) >= 0.9 && (j.score as number) <= 1, `score ${j.score}`);
  assert.ok(typeof j.seconds === 'number' && j.seconds > 0);
  assert.not.match(r.stderr, /% iteration/, 'no progress lines with --json');
});

test('evaluate: the saved model scores iris, as text with the report and as --json', async () => {
  const model = await out('iris.json');
  const r = await ok('evaluate', model, IRIS, '--target', 'species');
  const acc = Number(/accuracy on .*iris_strings\.csv: ([\d.]+) \(150 rows\)/.exec(r.stdout)?.[1]);
  assert.ok(acc >= 0.9, r.stdout);
  assert.match(r.stdout, /virginica\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+50/);
  const j = JSON.parse((await ok('evaluate', model, IRIS, '--target', 'species', '--json')).stdout) as Record<
    string,
    unknown
  >;
  assert.equal(Object.keys(j), ['task', 'score', 'metric', 'n', 'seconds']);
  assert.equal([j.task, j.metric, j.n], ['classification', 'accuracy', 150]);
  assert.ok(Math.abs((j.score as number) - acc) < 1e-4);
});

test('predict: a prediction per row; --proba: a column per class; --out writes the same CSV', async () => {
  const model = await out('iris.json');
  const labels = csvRows((await ok('predict', model, IRIS)).stdout);
  assert.equal(labels[0], ['prediction']);
  assert.is(labels.length, 151);
  const truth = csvRows(readFileSync(IRIS, 'utf8'))
    .slice(1)
    .map((r) => r[4]);
  const right = labels.slice(1).filter((r, i) => r[0] === truth[i]).length;
  assert.ok(right / 150 >= 0.9, `${right} of 150 right`);
  const probaFile = await out('proba.csv');
  const r = await ok('predict', model, IRIS, '--proba', '--out', probaFile);
  assert.is(r.stdout, '');
  const proba = csvRows(readFileSync(probaFile, 'utf8'));
  assert.equal(proba[0], ['setosa', 'versicolor', 'virginica']);
  assert.is(proba.length, 151);
  for (const row of proba.slice(1)) {
    const p = row.map(Number);
    assert.ok(Math.abs(p.reduce((s, v) => s + v, 0) - 1) < 1e-5, `row ${row} does not sum to 1`);
  }
  // The label of each row is the class of its largest probability.
  proba.slice(1).forEach((row, i) => {
    const p = row.map(Number);
    assert.is(labels[i + 1]?.[0], proba[0]?.[p.indexOf(Math.max(...p))]);
  });
});

test('export --onnx and --tfjs: the files load in onnxruntime-web and TensorFlow.js and give predict --proba on raw rows', async () => {
  const { work } = await setup();
  const model = await out('iris.json');
  const onnx = await out('iris.onnx');
  const tfjsDir = join(work, 'iris-tfjs');
  const r = await ok('export', model, '--onnx', onnx, '--tfjs', tfjsDir);
  assert.match(r.stdout, /input 'X' \[N, 4\] float32, the columns "sepal length \(cm\)"/);
  const X = csvRows(readFileSync(IRIS, 'utf8'))
    .slice(1)
    .map((row) => row.slice(0, 4).map(Number));
  const proba = csvRows(readFileSync(await out('proba.csv'), 'utf8'))
    .slice(1)
    .map((row) => row.map(Number));
  const bytes = new Uint8Array(readFileSync(onnx));
  assert.ok(bytes.length > 1000, `${bytes.length} bytes`);
  const got = await runOnnx(bytes, X, 'float32');
  allclose(got.output_probability?.data as Float32Array, proba, { rtol: 1e-4, atol: 1e-5, msg: 'ONNX probabilities' });
  const predicted = csvRows((await ok('predict', model, IRIS)).stdout)
    .slice(1)
    .map((row) => row[0]);
  assert.equal(Array.from(got.output_label?.data as string[]), predicted);
  assert.ok(existsSync(join(tfjsDir, 'model.json')) && existsSync(join(tfjsDir, 'group1-shard1of1.bin')));
  const tf = await import('@tensorflow/tfjs');
  const json = JSON.parse(readFileSync(join(tfjsDir, 'model.json'), 'utf8'));
  const shard = readFileSync(join(tfjsDir, 'group1-shard1of1.bin'));
  const net = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest[0].weights,
      weightData: shard.buffer.slice(shard.byteOffset, shard.byteOffset + shard.byteLength),
    }),
  );
  const y = net.predict(tf.tensor2d(X)) as import('@tensorflow/tfjs').Tensor;
  allclose(await y.data(), proba, {
    rtol: 1e-4,
    atol: 1e-5,
    msg: 'TensorFlow.js probabilities (scaler folded into the first layer)',
  });
});

test('breast cancer: 0/1 target inferred as classification, accuracy >= 0.9; predictions are numbers', async () => {
  const model = await out('cancer.json');
  const r = await ok('fit', CANCER, '--target', 'target', '--hidden', '30', '--max-iter', '100', '--out', model);
  assert.match(r.stdout, /task: classification \(inferred: "target" holds 2 distinct whole numbers\), 2 classes/);
  assert.match(r.stdout, /30 features \(30 numeric, 0 text\)/);
  const acc = Number(/held-out accuracy: ([\d.]+) \(143 rows\)/.exec(r.stdout)?.[1]);
  assert.ok(acc >= 0.9, `held-out accuracy ${acc}`);
  const p = csvRows((await ok('predict', model, CANCER)).stdout);
  assert.is(p.length, 570);
  assert.ok(p.slice(1).every((row) => row[0] === '0' || row[0] === '1'));
  const tfjs = join((await setup()).work, 'cancer-tfjs');
  const e = await ok('export', model, '--tfjs', tfjs);
  assert.match(e.stdout, /output the probability of 1\n/);
});

test('diabetes: regression inferred (214 whole numbers), R^2 and no report; --json; predictions are numbers', async () => {
  const model = await out('diabetes.json');
  const r = await ok('fit', DIABETES, '--target', 'target', '--max-iter', '1000', '--hidden', '50', '--out', model);
  assert.match(r.stdout, /task: regression \(inferred: "target" holds 214 distinct whole numbers \(more than 20\)\)/);
  const r2 = Number(/held-out R\^2: (-?[\d.]+) \(111 rows\)/.exec(r.stdout)?.[1]);
  assert.ok(r2 > 0.3, `held-out R^2 ${r2}`);
  assert.not.match(r.stdout, /precision/);
  const j = JSON.parse(
    (await ok('fit', DIABETES, '--target', 'target', '--max-iter', '20', '--hidden', '10', '--json')).stdout,
  ) as Record<string, unknown>;
  assert.equal([j.task, j.metric, j.nTrain, j.nTest, j.nIter], ['regression', 'r2', 331, 111, 20]);
  const p = csvRows((await ok('predict', model, DIABETES)).stdout);
  assert.is(p.length, 443);
  assert.ok(p.slice(1).every((row) => Number.isFinite(Number(row[0]))));
  const ev = JSON.parse((await ok('evaluate', model, DIABETES, '--target', 'target', '--json')).stdout);
  assert.equal([ev.task, ev.metric, ev.n], ['regression', 'r2', 442]);
  assert.ok(ev.score > 0.3);
});

test('a CSV with gaps, quoted text and text columns: imputed and one-hot encoded; early stopping plots the validation score', async () => {
  const model = await out('gaps.json');
  const plot = await out('gaps.svg');
  const r = await ok('fit', GAPS, '--target', 'species', '--early-stopping', '--out', model, '--plot', plot);
  assert.match(r.stdout, /150 rows, 5 features \(3 numeric, 2 text\), target "species"/);
  assert.match(r.stdout, /2 rows without a target left out/);
  assert.match(r.stdout, /Validation score did not improve/);
  const acc = Number(/held-out accuracy: ([\d.]+) \(37 rows\)/.exec(r.stdout)?.[1]);
  assert.ok(acc >= 0.75, `held-out accuracy ${acc}`);
  const svg = readFileSync(plot, 'utf8');
  assert.ok(svg.includes('>validation score</text>'));
  const nIter = Number(/trained: (\d+) iterations/.exec(r.stdout)?.[1]);
  for (const curve of ['loss', 'validation'])
    assert.is(new RegExp(`class="${curve}"[^>]*points="([^"]*)"`).exec(svg)?.[1]?.split(' ').length, nIter, curve);
  // Every row gets a prediction, those without a target or with empty cells too.
  const p = csvRows((await ok('predict', model, GAPS)).stdout);
  assert.is(p.length, 151);
  assert.ok(p.slice(1).every((row) => ['setosa', 'versicolor', 'virginica'].includes(row[0] as string)));
  const e = await ok('export', model, '--onnx', await out('gaps.onnx'));
  assert.match(
    e.stdout,
    /\[N, 10\] float32, the columns "numbers__sepal length \(cm\)".*"text__petal width_wide, long"/,
  );
  assert.match(e.stdout, /takes the encoded features/);
  const s = await ok('fit', GAPS, '--target', 'species', '--max-iter', '100', '--json');
  assert.equal(JSON.parse(s.stdout).nTrain + JSON.parse(s.stdout).nTest, 148);
});

/** An error: status 2, one line on stderr naming the problem, no stack trace, nothing on stdout. */
async function fails(pattern: RegExp, ...args: string[]): Promise<void> {
  const r = await cli(...args);
  assert.is(r.status, 2, `scikeras-ts ${args.join(' ')}: status ${r.status}\n${r.stdout}\n${r.stderr}`);
  const lines = r.stderr.trimEnd().split('\n');
  assert.is(lines.length, 1, `one line on stderr, got:\n${r.stderr}`);
  assert.match(lines[0] as string, /^scikeras-ts: error: /);
  assert.match(lines[0] as string, pattern);
  assert.not.match(r.stderr, /\n\s+at /);
  assert.is(r.stdout, '');
}

test('errors: a missing file, a target that is not a column (its columns listed), an empty CSV, a row of the wrong length (its line)', async () => {
  const { work } = await setup();
  await fails(/nope\.csv: no such file/, 'fit', join(work, 'nope.csv'), '--target', 'species');
  await fails(
    /--target "kind" is not a column of .*iris_strings\.csv; its columns are: sepal length \(cm\), sepal width \(cm\), petal length \(cm\), petal width \(cm\), species$/,
    'fit',
    IRIS,
    '--target',
    'kind',
  );
  const empty = join(work, 'empty.csv');
  writeFileSync(empty, '');
  await fails(/empty\.csv is empty/, 'fit', empty, '--target', 'y');
  const headerOnly = join(work, 'header.csv');
  writeFileSync(headerOnly, 'a,b,y\n');
  await fails(/header\.csv has a header \(3 columns\) but no rows of data/, 'fit', headerOnly, '--target', 'y');
  const ragged = join(work, 'ragged.csv');
  writeFileSync(ragged, 'a,b,y\n1,2,x\n"3\n4",5,y\n6,7\n8,9,x\n');
  await fails(/ragged\.csv, line 5: 2 fields, but the header has 3 columns/, 'fit', ragged, '--target', 'y');
  await fails(/no such file/, 'predict', join(work, 'nope.json'), IRIS);
  await fails(/nope\.csv: no such file/, 'predict', await out('iris.json'), join(work, 'nope.csv'));
});

test('errors: an unknown flag or command, a missing --target or file, bad flag values', async () => {
  await fails(
    /unknown flag --bogus for 'scikeras-ts fit'; see 'scikeras-ts fit --help'/,
    'fit',
    IRIS,
    '--target',
    'species',
    '--bogus',
  );
  await fails(/unknown flag --nope; see 'scikeras-ts --help'/, '--nope');
  await fails(/unknown command "train"/, 'train', IRIS);
  await fails(/missing command/);
  await fails(/'scikeras-ts fit' needs --target <column>/, 'fit', IRIS);
  await fails(/--target needs a value/, 'fit', IRIS, '--target');
  await fails(/--json takes no value/, 'fit', IRIS, '--target', 'species', '--json=yes');
  await fails(/'scikeras-ts evaluate' needs <model\.json> <data\.csv>/, 'evaluate', IRIS);
  await fails(/unexpected argument "extra\.csv"/, 'fit', IRIS, 'extra.csv', '--target', 'species');
  await fails(/--hidden must be layer sizes.*got "100,x"/, 'fit', IRIS, '--target', 'species', '--hidden', '100,x');
  await fails(
    /--solver must be one of adam, sgd, lbfgs; got "newton"/,
    'fit',
    IRIS,
    '--target',
    'species',
    '--solver',
    'newton',
  );
  await fails(/--test-size must be a fraction/, 'fit', IRIS, '--target', 'species', '--test-size', '1.5');
  await fails(/--max-iter must be a whole number >= 1; got "0"/, 'fit', IRIS, '--target', 'species', '--max-iter', '0');
  await fails(
    /--task must be one of classification, regression/,
    'fit',
    IRIS,
    '--target',
    'species',
    '--task',
    'ranking',
  );
  await fails(
    /--plot needs a loss curve, and the lbfgs solver keeps none/,
    'fit',
    IRIS,
    '--target',
    'species',
    '--solver',
    'lbfgs',
    '--plot',
    'x.svg',
  );
  await fails(/needs --onnx <file\.onnx> or --tfjs <dir>/, 'export', await out('iris.json'));
});

test('errors in the data: regression on text, a text cell in a column of numbers, a model column missing, a file that is no model', async () => {
  const { work } = await setup();
  await fails(
    /iris_strings\.csv, line 2: the target "species" holds "setosa"; regression needs numbers/,
    'fit',
    IRIS,
    '--target',
    'species',
    '--task',
    'regression',
  );
  const bad = join(work, 'bad-cell.csv');
  const lines = readFileSync(IRIS, 'utf8').split('\n');
  lines[2] = (lines[2] as string).replace(/^([^,]*),[^,]*,/, '$1,three,');
  writeFileSync(bad, lines.join('\n'));
  await fails(
    /bad-cell\.csv, line 3: column "sepal width \(cm\)" holds "three", but it is a column of numbers/,
    'predict',
    await out('iris.json'),
    bad,
  );
  const lacking = join(work, 'lacking.csv');
  writeFileSync(lacking, 'sepal length (cm),petal width (cm)\n5.1,0.2\n');
  await fails(
    /lacking\.csv lacks the columns the model needs: sepal width \(cm\), petal length \(cm\)/,
    'predict',
    await out('iris.json'),
    lacking,
  );
  await fails(/iris_strings\.csv is not a saved model/, 'predict', IRIS, IRIS);
  await fails(
    /--proba needs a classifier; .*diabetes\.json holds a regressor/,
    'predict',
    await out('diabetes.json'),
    DIABETES,
    '--proba',
  );
  const single = join(work, 'single.csv');
  writeFileSync(single, 'x,y\n1,a\n2,a\n3,b\n4,b\n5,c\n');
  await fails(
    /the class "c" has a single row; a stratified hold-out needs at least two rows of each class/,
    'fit',
    single,
    '--target',
    'y',
  );
});

test('--debug: the same error with its stack trace, still status 2', async () => {
  const r = await cli('fit', join((await setup()).work, 'nope.csv'), '--target', 'y', '--debug');
  assert.is(r.status, 2);
  assert.match(r.stderr, /UsageError: .*nope\.csv: no such file\n\s+at /);
  assert.match(r.stderr, /\nscikeras-ts: error: .*no such file\n$/);
});

test.after(async () => {
  const s = await setup().catch(() => null);
  if (s !== null) rmSync(s.work, { recursive: true, force: true });
});

test.run();
