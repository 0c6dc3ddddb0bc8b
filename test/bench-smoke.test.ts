// Smoke test of the benchmark harness (bench/): one tiny W1 run, one epoch, scikeras-ts only
// (no python, no tfjs), its threads and float64 rows, the peak-RSS children, plus a one-product benny suite; checks that rows come back finite and the reports render. No timing assertions.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runBench } from '../bench/run.ts';
import { markdown } from '../bench/report.ts';
import { ratioChart } from '../bench/chart.ts';
import { QUICK_SIZES } from '../bench/workloads.ts';

test('one W1 epoch through the harness gives finite rows, a table and a chart', async () => {
  const lines: string[] = [];
  const r = await runBench({
    mode: 'smoke',
    sizes: { ...QUICK_SIZES, w1Epochs: 1 },
    runs: 1,
    only: ['W1'],
    sklearn: false,
    tfjs: [],
    typescript: true,
    wrappers: ['W1'],
    gpu: [],
    threads: ['W1'],
    float64: ['W1'],
    memory: ['W1'],
    micro: { squares: [32], dense: [], maxTime: 0.02, minSamples: 2, numpyBudgetMs: 10, training: false },
    search: false, // bench/search.ts runs 12 candidates x 3 folds several times: too long for a smoke test
    log: (l) => lines.push(l),
  });
  assert.is(r.workloads.length, 1);
  const w1 = r.workloads[0]!;
  assert.is(w1.id, 'W1');
  assert.ok(w1.rows.length >= 2, `rows: ${w1.rows.map((x) => x.key).join(', ')}`);
  for (const row of w1.rows) {
    assert.is(row.error, undefined, `${row.key}: ${row.error}`);
    assert.is(row.runs, 1);
    for (const v of [row.metric.min, row.metric.median, row.metric.max, row.seconds.median, row.score.median])
      assert.ok(Number.isFinite(v), `${row.key}: ${v}`);
    assert.ok(row.score.median >= 0 && row.score.median <= 1, `${row.key} accuracy ${row.score.median}`);
  }
  assert.ok(w1.rows.some((x) => x.key === 'scikeras-ts/wasm' || x.key === 'scikeras-ts/typescript'));
  if (w1.rows.some((x) => x.key === 'scikeras-ts/wasm')) {
    for (const key of ['scikeras-ts/threads', 'scikeras-ts/float64'])
      assert.ok(
        w1.rows.some((x) => x.key === key && x.runs === 1),
        `no ${key} row`,
      );
    assert.ok(
      r.memory.some((m) => m.key === 'scikeras-ts/wasm' && (m.peakMiB ?? 0) > (m.beforeMiB ?? Infinity) - 1),
      JSON.stringify(r.memory),
    );
    assert.ok(
      r.memory.every((m) => m.error === undefined && (m.peakMiB ?? 0) > 10),
      JSON.stringify(r.memory),
    );
  }
  const mm = r.micro.filter((c) => c.suite === 'matmul');
  assert.ok(mm.length >= 1);
  for (const c of mm) assert.ok(Number.isFinite(c.gflops?.median ?? NaN) && c.samples > 0, `${c.key} ${c.label}`);
  assert.ok(
    lines.some((l) => l.startsWith('> W1')),
    'a progress line per workload',
  );
  const md = markdown(r);
  assert.match(md, /\| W1 \| scikeras-ts · Sequential\.fit/);
  const svg = ratioChart(r);
  assert.match(svg, /^<svg[\s\S]*<\/svg>\n$/);
});

test.run();
