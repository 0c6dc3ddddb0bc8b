// npm run demo: train a Keras-style Sequential MLP on the bundled iris data.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sequential, layers } from '../src/nn/index.ts';
import { argmax } from '../src/tensor/index.ts';

const csv = readFileSync(fileURLToPath(new URL('./data/iris.csv', import.meta.url)), 'utf8').trim().split('\n').slice(1);
const rows = csv.map((l) => l.split(',').map(Number));
const X = rows.map((r) => r.slice(0, 4));
const y = rows.map((r) => r[4] as number);
// every 4th sample of each class is held out
const test = (i: number) => i % 4 === 3;
const mean = [0, 1, 2, 3].map((j) => X.reduce((s, r) => s + (r[j] as number), 0) / X.length);
const sd = [0, 1, 2, 3].map((j) => Math.sqrt(X.reduce((s, r) => s + ((r[j] as number) - (mean[j] as number)) ** 2, 0) / X.length));
const Xs = X.map((r) => r.map((v, j) => (v - (mean[j] as number)) / (sd[j] as number)));
const Xtr = Xs.filter((_, i) => !test(i)), ytr = y.filter((_, i) => !test(i));
const Xte = Xs.filter((_, i) => test(i)), yte = y.filter((_, i) => test(i));

const model = sequential([layers.input({ shape: [4] }), layers.dense({ units: 16, activation: 'relu' }), layers.dense({ units: 3, activation: 'softmax' })], { seed: 0 });
model.compile({ loss: 'sparseCategoricalCrossentropy', optimizer: 'adam', metrics: ['accuracy'] });
console.log(model.summary());
const h = model.fit(Xtr, ytr, { epochs: 100, batchSize: 16, verbose: 0 });
const pred = argmax(model.predict(Xte));
const acc = Array.from(pred.data).filter((p, i) => p === yte[i]).length / yte.length;
console.log(`final training loss ${h.history.loss?.at(-1)?.toFixed(4)}, held-out accuracy ${acc.toFixed(3)}`);
