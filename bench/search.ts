// nJobs (`npx tsx bench/search.ts [runs]`, and a section of `npm run bench`): GridSearchCV over a
// 12-candidate MLPClassifier grid (hiddenLayerSizes x alpha x learningRateInit) on scikit-learn's digits,
// cv 3, fitted with nJobs 1 and nJobs 2 on a pool of 2 threads (useThreads), interleaved, median of runs;
// the speedup and whether cvResults_ (but its time columns) matched bit for bit. Imports src and Node fs.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GridSearchCV } from '../src/estimators/model-selection/search.ts';
import { MLPClassifier } from '../src/estimators/neural-network/index.ts';
import { setWarningHandler } from '../src/core/warnings.ts';
import { useSingleThread, useThreads } from '../src/threads/index.ts';

/** The nJobs row of the bench. */
export interface SearchRow {
  candidates: number;
  folds: number;
  samples: number;
  /** Seconds per search, median of runs. */
  nJobs1: number;
  nJobs2: number;
  speedup: number;
  /** cvResults_ but its *Time columns, bestParams_ and bestScore_ equal in every run. */
  matched: boolean;
  runs: number;
  /** Why the row could not run (no pool). */
  skipped?: string;
}

function digits(): { X: number[][]; y: number[] } {
  const path = fileURLToPath(new URL('../examples/data/digits.csv', import.meta.url));
  const rows = readFileSync(path, 'utf8').trim().split('\n').slice(1);
  const X: number[][] = [],
    y: number[] = [];
  for (const line of rows) {
    const v = line.split(',').map(Number);
    y.push(v.pop() as number);
    X.push(v.map((p) => p / 16));
  }
  return { X, y };
}

const GRID = { hiddenLayerSizes: [[32], [64]], alpha: [1e-4, 1e-2], learningRateInit: [1e-3, 3e-3, 1e-2] };

const untimed = (s: GridSearchCV): string =>
  JSON.stringify([Object.entries(s.cvResults_).filter(([k]) => !/Time$/.test(k)), s.bestParams_, s.bestScore_]);

export async function benchSearch(runs: number, log: (line: string) => void = console.log): Promise<SearchRow> {
  const { X, y } = digits();
  const started = await useThreads({
    threads: 2,
    // The bench runs the sources through tsx: the fit workers need it too.
    workerImports: [new URL('../test/threads/tsx-register.mjs', import.meta.url).href],
  });
  const row: SearchRow = {
    candidates: 12,
    folds: 3,
    samples: X.length,
    nJobs1: NaN,
    nJobs2: NaN,
    speedup: NaN,
    matched: false,
    runs,
  };
  if (started.threads < 2) {
    row.skipped = started.reason ?? 'no pool';
    return row;
  }
  const prev = setWarningHandler(() => {}); // ConvergenceWarnings of the short fits
  try {
    const search = (nJobs: number): [number, string] => {
      const s = new GridSearchCV(new MLPClassifier({ maxIter: 40, randomState: 0 }), GRID, { cv: 3, nJobs });
      const t = performance.now();
      s.fit(X, y);
      return [(performance.now() - t) / 1000, untimed(s)];
    };
    search(2); // warm-up: the second fit worker starts and compiles
    const one: number[] = [],
      two: number[] = [];
    let matched = true;
    for (let r = 0; r < runs; r++) {
      const [t1, a] = search(1);
      const [t2, b] = search(2);
      one.push(t1);
      two.push(t2);
      matched &&= a === b;
      log(`  run ${r + 1}: nJobs 1 ${t1.toFixed(2)} s, nJobs 2 ${t2.toFixed(2)} s, x${(t1 / t2).toFixed(2)}`);
    }
    const med = (v: number[]): number => v.slice().sort((p, q) => p - q)[v.length >> 1] as number;
    row.nJobs1 = med(one);
    row.nJobs2 = med(two);
    row.speedup = row.nJobs1 / row.nJobs2;
    row.matched = matched;
    return row;
  } finally {
    setWarningHandler(prev);
    useSingleThread();
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await benchSearch(Number(process.argv[2] ?? 5));
  console.log(JSON.stringify(r));
}
