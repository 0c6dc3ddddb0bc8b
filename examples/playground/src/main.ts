// The playground page: pick a CSV (or the bundled iris), a target column, the hidden layers and iterations;
// training runs in a Web Worker (worker.ts) while the loss curve is drawn as each iteration ends; then the
// held-out accuracy or R^2, the confusion matrix, and the model as ONNX or JSON to download. Plain DOM.
import { parseCsv } from '../../../src/cli/csv.ts';
import { lossCurveSvg } from '../../../src/cli/plot.ts';
import irisCsv from '../../data/iris_strings.csv';
import type { TrainRequest, WorkerMessage } from './messages.ts';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const fileInput = $<HTMLInputElement>('csv-file');
const targetSelect = $<HTMLSelectElement>('target');
const hiddenInput = $<HTMLInputElement>('hidden');
const maxIterInput = $<HTMLInputElement>('max-iter');
const trainButton = $<HTMLButtonElement>('train');
const status = $('status');
const progress = $<HTMLProgressElement>('progress');
const chart = $('chart');
const score = $('score');
const confusion = $('confusion');
const onnxButton = $<HTMLButtonElement>('download-onnx');
const jsonButton = $<HTMLButtonElement>('download-json');

let data: { text: string; name: string } | null = null;
let worker: Worker | null = null;
let downloads: { onnx: Uint8Array | null; json: string; stem: string } | null = null;

function say(text: string, error = false): void {
  status.textContent = text;
  status.className = error ? 'error' : '';
}

/** A CSV chosen: read its header into the target select (the last column first, where targets usually are). */
function useCsv(text: string, name: string): void {
  let header: string[];
  let rows: number;
  try {
    const csv = parseCsv(text, name);
    header = csv.header;
    rows = csv.rows.length;
  } catch (e) {
    say(e instanceof Error ? e.message : String(e), true);
    return;
  }
  data = { text, name };
  targetSelect.replaceChildren(...header.map((h) => new Option(h, h)));
  targetSelect.value = header[header.length - 1] as string;
  targetSelect.disabled = false;
  trainButton.disabled = false;
  $('data-info').textContent = `${name}: ${rows} rows, ${header.length} columns (${header.join(', ')})`;
  say('Choose the target column and press Train.');
}

fileInput.addEventListener('change', () => {
  const file = fileInput.files?.[0];
  if (file !== undefined) void file.text().then((t) => useCsv(t, file.name));
});
$('load-iris').addEventListener('click', () => useCsv(irisCsv, 'iris_strings.csv'));

let loss: number[] = [];
let validation: number[] = [];
let maxIter = 1;
let frame = 0;

function draw(): void {
  frame = 0;
  chart.innerHTML = lossCurveSvg({
    loss,
    validation: validation.length > 0 ? validation : null,
    xMax: maxIter,
    title: 'Training loss',
    width: 560,
    height: 320,
  });
}

function drawSoon(): void {
  if (frame === 0) frame = requestAnimationFrame(draw);
}

function showConfusion(c: { labels: Array<number | string>; matrix: number[][] }): void {
  const table = document.createElement('table');
  const head = table.insertRow();
  head.append(Object.assign(document.createElement('th'), { textContent: 'true \\ predicted' }));
  for (const l of c.labels) head.append(Object.assign(document.createElement('th'), { textContent: String(l) }));
  c.matrix.forEach((row, i) => {
    const tr = table.insertRow();
    tr.append(Object.assign(document.createElement('th'), { textContent: String(c.labels[i]) }));
    row.forEach((n, j) => {
      const td = tr.insertCell();
      td.textContent = String(n);
      if (i === j) td.className = 'hit';
    });
  });
  confusion.replaceChildren(table);
}

function onMessage(m: WorkerMessage): void {
  if (m.type === 'start') {
    maxIter = m.maxIter;
    progress.max = m.maxIter;
    say(
      `${m.task} (the target ${m.reason}); training on ${m.nTrain} rows (${m.numeric} numeric, ${m.text} text columns), ${m.nTest} held out...`,
    );
  } else if (m.type === 'progress') {
    loss[m.iteration - 1] = m.loss;
    if (m.validationScore !== null) validation[m.iteration - 1] = m.validationScore;
    progress.value = m.iteration;
    say(`iteration ${m.iteration} of ${maxIter}, loss ${m.loss.toPrecision(5)}`);
    drawSoon();
  } else if (m.type === 'done') {
    loss = m.lossCurve;
    draw();
    progress.value = progress.max;
    const name = m.metric === 'r2' ? 'R^2' : 'accuracy';
    score.textContent = `held-out ${name}: ${m.score.toFixed(4)}`;
    score.dataset.metric = m.metric;
    score.dataset.value = String(m.score);
    if (m.confusion !== null) showConfusion(m.confusion);
    say(`trained: ${m.nIter} iterations in ${m.seconds.toFixed(2)} s`);
    downloads = { onnx: m.onnx, json: m.modelJson, stem: (data?.name ?? 'model').replace(/\.csv$/i, '') };
    onnxButton.disabled = m.onnx === null;
    jsonButton.disabled = false;
    $('onnx-note').textContent = `ONNX ${m.onnxNote}`;
    trainButton.disabled = false;
  } else {
    say(m.message, true);
    trainButton.disabled = false;
  }
}

function hiddenSizes(): number[] | null {
  const sizes = hiddenInput.value.split(',').map((s) => Number(s.trim()));
  return sizes.length > 0 && sizes.every((n) => Number.isInteger(n) && n >= 1) ? sizes : null;
}

$('controls').addEventListener('submit', (e) => {
  e.preventDefault();
  const hidden = hiddenSizes();
  const iters = Number(maxIterInput.value);
  if (data === null) return say('Choose a CSV file first.', true);
  if (hidden === null) return say('Hidden layers: sizes separated by commas, e.g. 100 or 64,32.', true);
  if (!Number.isInteger(iters) || iters < 1) return say('Max iterations: a whole number >= 1.', true);
  worker?.terminate();
  worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  worker.onmessage = (ev: MessageEvent<WorkerMessage>) => onMessage(ev.data);
  worker.onerror = (ev) => say(`the worker failed: ${ev.message}`, true);
  loss = [];
  validation = [];
  maxIter = iters;
  score.textContent = '';
  delete score.dataset.value;
  confusion.replaceChildren();
  onnxButton.disabled = jsonButton.disabled = true;
  trainButton.disabled = true;
  draw();
  const request: TrainRequest = {
    type: 'train',
    csv: data.text,
    source: data.name,
    target: targetSelect.value,
    hidden,
    maxIter: iters,
  };
  worker.postMessage(request);
});

function download(bytes: BlobPart, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

onnxButton.addEventListener('click', () => {
  if (downloads?.onnx) download(downloads.onnx as BlobPart, `${downloads.stem}.onnx`, 'application/octet-stream');
});
jsonButton.addEventListener('click', () => {
  if (downloads) download(downloads.json, `${downloads.stem}.model.json`, 'application/json');
});

draw();
