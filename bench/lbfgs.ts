// solver='lbfgs' beside scikit-learn 1.2.1 on the problems of test/fixtures/lbfgs-sklearn.json (XOR, wine,
// moons): iterations, ConvergenceWarnings and fit time over randomState 0..N-1, scikit-learn run by the
// system python in the same process tree, the two sides interleaved case by case.
// Run: npx tsx bench/lbfgs.ts [--seeds=10]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { MLPClassifier, setWarningHandler, type MLPParams } from '../src/estimators/index.ts';
import { SYSTEM_PYTHON } from './peers/sklearn.ts';

interface Case {
  name: string;
  params: Record<string, unknown>;
  X: number[][];
  y: number[];
}
type Run = [iterations: number, warned: boolean, ms: number];

const FIXTURE = new URL('../test/fixtures/lbfgs-sklearn.json', import.meta.url);
const seedsArg = process.argv.find((a) => a.startsWith('--seeds='));
const SEEDS = seedsArg === undefined ? 10 : Number(seedsArg.slice('--seeds='.length));

const PY = `
import json, sys, time, warnings
import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier
case = json.load(sys.stdin)
X, y, out = np.array(case['X']), np.array(case['y']), []
for rs in range(int(sys.argv[1])):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        t0 = time.perf_counter()
        m = MLPClassifier(**dict(case['params'], random_state=rs)).fit(X, y)
        dt = time.perf_counter() - t0
    out.append([int(m.n_iter_), any(issubclass(x.category, ConvergenceWarning) for x in w), dt * 1000])
print(json.dumps(out))
`;

function sklearnRuns(c: Case): Run[] {
  const r = spawnSync(SYSTEM_PYTHON, ['-c', PY, String(SEEDS)], { input: JSON.stringify(c), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`scikit-learn run failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Run[];
}

const camel = (k: string): string => k.replace(/_([a-z0-9])/g, (_, ch: string) => ch.toUpperCase());
let warned = false;
setWarningHandler((category) => {
  if (category === 'ConvergenceWarning') warned = true;
});

function ourRuns(c: Case, dtype: 'float32' | 'float64'): Run[] {
  const params: Record<string, unknown> = { dtype };
  for (const [k, v] of Object.entries(c.params)) params[camel(k)] = v;
  const out: Run[] = [];
  for (let rs = 0; rs < SEEDS; rs++) {
    warned = false;
    const t0 = performance.now();
    const est = new MLPClassifier({ ...params, randomState: rs } as MLPParams).fit(c.X, c.y);
    out.push([est.nIter_, warned, performance.now() - t0]);
  }
  return out;
}

const median = (v: number[]): number => {
  const s = v.slice().sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? (s[h] as number) : ((s[h - 1] as number) + (s[h] as number)) / 2;
};
const summary = (runs: Run[]): string => {
  const its = runs.map((r) => r[0]);
  const ms = median(runs.map((r) => r[2])).toFixed(1);
  return `${median(its)} (${Math.min(...its)}-${Math.max(...its)}), ${runs.filter((r) => r[1]).length} warned, ${ms} ms`;
};

const cases = (JSON.parse(readFileSync(FIXTURE, 'utf8')) as { cases: Case[] }).cases;
ourRuns(cases[0] as Case, 'float32'); // warm up the kernels before timing
console.log(
  `randomState 0..${SEEDS - 1}: median iterations (min-max), fits with a ConvergenceWarning, median fit time\n`,
);
console.log('| problem | scikit-learn 1.2.1 | scikeras-ts float32 | scikeras-ts float64 | time ratio (f32, f64) |');
console.log('|---|---|---|---|---|');
for (const c of cases) {
  const sk = sklearnRuns(c);
  const f32 = ourRuns(c, 'float32');
  const f64 = ourRuns(c, 'float64');
  const t = (runs: Run[]): number => median(runs.map((r) => r[2]));
  const hidden = JSON.stringify(c.params.hidden_layer_sizes);
  const label = `${c.name} (${c.X.length}x${(c.X[0] as number[]).length}, ${hidden}, alpha ${c.params.alpha ?? 1e-4})`;
  console.log(
    `| ${label} | ${summary(sk)} | ${summary(f32)} | ${summary(f64)} | ${(t(f32) / t(sk)).toFixed(2)}, ${(t(f64) / t(sk)).toFixed(2)} |`,
  );
}
