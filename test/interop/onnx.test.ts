// toOnnx: every exportable kind run in onnxruntime-web (WASM, in Node) on 1, 17 and 150 rows against
// predict / predictProba: float32 within 1e-5 relative, float64 within 1e-12, labels identical.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { toOnnx } from '../../src/index.ts';
import { allclose } from '../helpers/allclose.ts';
import { runOnnx, describeOnnx, type OrtOutputs } from '../helpers/onnx-runtime.ts';
import {
  sequentialCases,
  estimatorCases,
  features,
  float32Rows,
  type Case,
  type Dtype,
} from '../helpers/interop-models.ts';

const ROWS = [1, 17, 150];
const TOL: Record<Dtype, { rtol: number; atol: number }> = {
  float32: { rtol: 1e-5, atol: 1e-6 },
  float64: { rtol: 1e-12, atol: 1e-14 },
};
const worst = new Map<string, number>();

function close(actual: ArrayLike<number>, expected: ArrayLike<number> | number[][], dtype: Dtype, what: string): void {
  const d = allclose(Array.from(actual), expected as number[], { ...TOL[dtype], msg: what });
  const key = `${dtype} ${what.replace(/ on \d+ rows.*/, '')}`;
  worst.set(key, Math.max(worst.get(key) ?? 0, d));
}

/** Labels as the ONNX model gives them: int64 -> number, strings stay strings. */
function labels(out: OrtOutputs): unknown[] {
  const t = out.output_label as OrtOutputs[string];
  return Array.from(t.data as ArrayLike<unknown>, (v) => (typeof v === 'bigint' ? Number(v) : v));
}

interface Predictor {
  predict(X: number[][]): unknown;
  predictProba?(X: number[][]): number[][];
}

async function check(c: Case, options: { dtype?: Dtype; opset?: number } = {}): Promise<void> {
  const dtype = options.dtype ?? c.dtype;
  const bytes = toOnnx(c.target, options);
  // A float32 model exported as float64 still computed its own outputs in float32.
  const tolType: Dtype = c.dtype === 'float32' ? 'float32' : dtype;
  for (const n of ROWS) {
    const X = float32Rows(features(n, c.nFeatures, 1000 + n));
    const out = await runOnnx(bytes, X, dtype);
    const tag = `${c.name}${options.dtype ? ` as ${dtype}` : ''}${options.opset ? ` opset ${options.opset}` : ''} on ${n} rows`;
    if (c.kind === 'sequential') {
      const model = c.target as { predict(x: number[][]): { data: ArrayLike<number>; shape: number[] } };
      const want = model.predict(X);
      assert.equal(out.output?.dims, want.shape, `${tag}: output dims`);
      close(out.output?.data as ArrayLike<number>, Array.from(want.data), tolType, `${tag} output`);
      continue;
    }
    const est = c.target as Predictor;
    const pred = est.predict(X) as unknown[];
    if (c.kind === 'regressor') {
      const flat = (pred as Array<number | number[]>).flat();
      assert.is(out.variable?.dims[0], n);
      assert.is((out.variable?.dims[1] as number) * n, flat.length, `${tag}: variable is [N, nOutputs]`);
      close(out.variable?.data as ArrayLike<number>, flat, tolType, `${tag} variable`);
      continue;
    }
    const got = labels(out);
    const want = (pred as unknown[]).flat().map((l) => (typeof l === 'boolean' ? String(l) : l));
    assert.equal(got, want, `${tag}: output_label equals predict`);
    const proba = (est.predictProba as (X: number[][]) => number[][])(X);
    assert.equal(out.output_probability?.dims, [n, (proba[0] as number[]).length], `${tag}: output_probability dims`);
    close(out.output_probability?.data as ArrayLike<number>, proba.flat(), tolType, `${tag} output_probability`);
  }
}

for (const dtype of ['float32', 'float64'] as const) {
  for (const c of sequentialCases(dtype)) test(`${c.name}: runs in onnxruntime-web as predict does`, () => check(c));
  for (const c of estimatorCases(dtype))
    test(`${c.name}: runs in onnxruntime-web as predict / predictProba do`, () => check(c));
}

test('dtype option: a float32 model exported as float64, a float64 one as float32', async () => {
  const [a] = estimatorCases('float32');
  await check(a as Case, { dtype: 'float64' });
  const [b] = sequentialCases('float64');
  // Cast down: compared at float32 tolerance.
  await check({ ...(b as Case), dtype: 'float32' }, { dtype: 'float32' });
});

test('opsets 13 and 21 give the same results', async () => {
  const c = estimatorCases('float32')[1] as Case;
  await check(c, { opset: 13 });
  await check(c, { opset: 21 });
});

test('the pinned names: input X (any batch size), classifier outputs output_label then output_probability, regressors variable, Sequentials output', async () => {
  const [clf, , , , reg] = estimatorCases('float32');
  const [seq] = sequentialCases('float32');
  assert.equal(await describeOnnx(toOnnx((clf as Case).target)), {
    inputs: ['X'],
    outputs: ['output_label', 'output_probability'],
  });
  assert.equal(await describeOnnx(toOnnx((reg as Case).target)), { inputs: ['X'], outputs: ['variable'] });
  assert.equal(await describeOnnx(toOnnx((seq as Case).target)), { inputs: ['X'], outputs: ['output'] });
});

test('binary classifiers give two probability columns [1 - p, p] and int64 labels', async () => {
  const c = estimatorCases('float32')[0] as Case;
  const out = await runOnnx(toOnnx(c.target), float32Rows(features(5, 4, 7)), 'float32');
  assert.is(out.output_label?.type, 'int64');
  assert.equal(out.output_probability?.dims, [5, 2]);
  const p = Array.from(out.output_probability?.data as Float32Array);
  for (let i = 0; i < 5; i++) assert.ok(Math.abs((p[2 * i] as number) + (p[2 * i + 1] as number) - 1) < 1e-6);
});

test('zipmap: output_probability becomes ZipMap over the classes; labels are unchanged', async () => {
  const c = estimatorCases('float32')[1] as Case;
  const bytes = toOnnx(c.target, { zipmap: true });
  const names = await describeOnnx(bytes);
  assert.equal(names.outputs, ['output_label', 'output_probability']);
  const X = float32Rows(features(6, 4, 8));
  const out = await runOnnx(bytes, X, 'float32', ['output_label']);
  assert.equal(labels(out), (c.target as Predictor).predict(X));
  assert.ok(bytes.length > toOnnx(c.target).length, 'the ZipMap node adds bytes');
});

test.after(() => {
  console.log(
    `max |onnxruntime-web - scikeras-ts| per kind over 1, 17, 150 rows:\n${[...worst].map(([k, v]) => `  ${v.toExponential(2)}  ${k}`).join('\n')}`,
  );
});

test.run();
