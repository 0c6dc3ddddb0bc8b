// The playground page (examples/playground) in headless Chromium, as a visitor uses it: iris through the file
// input, `species` as the target, Train; the chart is redrawn while the worker trains, the held-out accuracy
// reaches 0.9, the confusion matrix adds up, and the downloads are a model: the ONNX file runs in
// onnxruntime-web, the JSON loads back into a Pipeline. PLAYGROUND_SCREENSHOT=<file.png> saves the page.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPlayground } from '../../examples/playground/build.ts';
import { servePlayground } from '../../examples/playground/serve.ts';
import { closeAll, launch } from '../../scripts/portability/chromium.ts';
import { once, ROOT } from '../../scripts/portability/harness.ts';
import { estimatorFromJSON } from '../../src/index.ts';
import { runOnnx } from '../helpers/onnx-runtime.ts';

const IRIS = join(ROOT, 'examples', 'data', 'iris_strings.csv');

const setup = once(async () => {
  const out = mkdtempSync(join(tmpdir(), 'scikeras-playground-'));
  const sizes = await buildPlayground(out);
  const server: Server = await servePlayground(out, 0);
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the http server has no port');
  console.log(
    `playground: ${Object.entries(sizes)
      .map(([f, n]) => `${f} ${(n / 1024).toFixed(0)} KB`)
      .join(', ')}`,
  );
  return { out, server, base: `http://127.0.0.1:${address.port}/` };
});

test('iris through the file input, species, Train: live chart, accuracy >= 0.9, confusion matrix, ONNX and JSON downloads', async () => {
  const { base } = await setup();
  const session = await launch();
  const page = await session.context.newPage();
  await page.setViewportSize({ width: 1100, height: 660 });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
  });
  await page.goto(base);
  await page.setInputFiles('#csv-file', IRIS);
  // Page-side code as text: this file is type-checked without the DOM's types.
  await page.waitForFunction("!document.getElementById('target').disabled");
  const options = await page.evaluate<string[]>(
    "Array.from(document.querySelectorAll('#target option'), (o) => o.value)",
  );
  assert.equal(options, ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)', 'species']);
  await page.selectOption('#target', 'species');
  // Counts the chart's redraws that happen before the score is shown (while the worker trains).
  await page.evaluate(`
    window.redraws = [];
    new MutationObserver(() => {
      if (document.getElementById('score').textContent === '')
        window.redraws.push(document.querySelector('#chart polyline.loss')?.getAttribute('points')?.split(' ').length ?? 0);
    }).observe(document.getElementById('chart'), { childList: true });
  `);
  await page.click('#train');
  await page.waitForFunction("document.getElementById('score').dataset.value !== undefined", undefined, {
    timeout: 180_000,
  });
  const scoreText = (await page.textContent('#score')) ?? '';
  const accuracy = Number(/held-out accuracy: ([\d.]+)/.exec(scoreText)?.[1]);
  console.log(`playground: "${scoreText}", ${await page.textContent('#status')}`);
  assert.ok(accuracy >= 0.9, `"${scoreText}"`);
  const redraws = await page.evaluate<number[]>('window.redraws');
  const during = redraws.filter((n) => n > 1);
  assert.ok(during.length >= 2, `the chart was redrawn ${during.length} times with points while training (${redraws})`);
  assert.ok(
    during.some((n) => n < 200),
    `a redraw showed part of the curve: ${redraws}`,
  );
  const points = ((await page.getAttribute('#chart polyline.loss', 'points')) ?? '').split(' ');
  assert.is(points.length, 200, 'the final chart has a point per iteration');
  assert.ok(points.every((p) => /^[\d.]+,[\d.]+$/.test(p)));
  // Confusion matrix: 3 classes, 38 held-out rows, its diagonal is the accuracy.
  const cells = await page.evaluate<number[][]>(
    "Array.from(document.querySelectorAll('#confusion tr')).slice(1).map((r) => Array.from(r.querySelectorAll('td'), (td) => Number(td.textContent)))",
  );
  assert.is(cells.length, 3);
  const total = cells.flat().reduce((s, n) => s + n, 0);
  const diagonal = cells.reduce((s, row, i) => s + (row[i] as number), 0);
  assert.is(total, 38);
  assert.ok(Math.abs(diagonal / total - accuracy) < 1e-4, `${diagonal}/${total} vs ${accuracy}`);

  const [onnxDownload] = await Promise.all([page.waitForEvent('download'), page.click('#download-onnx')]);
  assert.is(onnxDownload.suggestedFilename(), 'iris_strings.onnx');
  const onnx = new Uint8Array(readFileSync((await onnxDownload.path()) as string));
  assert.ok(onnx.length > 1000, `ONNX download: ${onnx.length} bytes`);
  const lines = readFileSync(IRIS, 'utf8').trim().split('\n').slice(1);
  const X = lines.map((l) => l.split(',').slice(0, 4).map(Number));
  const truth = lines.map((l) => l.split(',')[4]);
  const out = await runOnnx(onnx, X, 'float32');
  const labels = Array.from(out.output_label?.data as string[]);
  const right = labels.filter((l, i) => l === truth[i]).length;
  assert.ok(right >= 135, `the downloaded ONNX model gets ${right} of 150 iris rows right`);

  const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
  const model = estimatorFromJSON(readFileSync((await jsonDownload.path()) as string, 'utf8')) as {
    predict(X: unknown): unknown[];
  };
  const columns = ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)'];
  assert.equal(model.predict({ columns, data: X }), labels, 'the JSON model predicts what its ONNX twin does');
  assert.equal(errors, []);
  const shot = process.env['PLAYGROUND_SCREENSHOT'];
  if (shot !== undefined) {
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`screenshot: ${shot}`);
  }
  await page.close();
});

test.after(async () => {
  await closeAll();
  const s = await setup().catch(() => null);
  if (s !== null) {
    s.server.close();
    rmSync(s.out, { recursive: true, force: true });
  }
});

test.run();
