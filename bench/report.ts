// Writes bench/results/: latest.json (every figure with min/median/max),
// latest.md (the tables) and ratios.svg (chart.ts). Imports Node fs and bench modules.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ratioChart } from './chart.ts';
import { PEERS, machineLine, ratioTable, targets, type BenchResult } from './result.ts';
import type { Spread } from './score.ts';

/** Rounds for JSON: 4 significant digits keeps the file small and loses nothing a benchmark can claim. */
function round(_key: string, v: unknown): unknown {
  return typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v) ? Number(v.toPrecision(4)) : v;
}

const num = (v: number): string => {
  const a = Math.abs(v);
  if (a >= 1e6) return `${(v / 1e6).toFixed(2)}M`;
  if (a >= 1e4) return `${(v / 1e3).toFixed(1)}K`;
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  return v.toFixed(2);
};
const span = (s: Spread): string => `${num(s.median)} (${num(s.min)}–${num(s.max)})`;
const ratioText = (v: number | null | undefined): string =>
  v == null ? '—' : v >= 10 || v < 0.1 ? v.toPrecision(2) : v.toFixed(2);

/** The markdown report. */
export function markdown(r: BenchResult): string {
  const L: string[] = [];
  L.push('# scikeras-ts benchmark', '', machineLine(r), '');
  const py = r.python;
  L.push(
    `Versions: ${Object.entries(r.versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(
        ', ',
      )}${py ? `; Python ${py.python}, scikit-learn ${py.sklearn}, NumPy ${py.numpy}${py.blas ? ` (${py.blas.map((b) => `${b.internal_api} ${b.num_threads} threads`).join(', ')})` : ''}` : ''}.`,
    '',
  );
  L.push(
    `Ratio = scikeras-ts (Sequential.fit, wasm) time / this row's time, per epoch or per sample: below 1, scikeras-ts is faster. Figures are the median of ${r.settings.runs} interleaved runs (min–max). Guard: a score more than ${r.settings.guardTolerance} below the best other framework's is flagged **low**; ~ marks a row whose runs spread more than ${Math.round((r.settings.noiseRatio - 1) * 100)}%.`,
    '',
  );
  L.push('## Summary: scikeras-ts time / peer time', '');
  L.push(`| workload | ${PEERS.map((p) => p.label).join(' | ')} |`, `|---|${PEERS.map(() => '---:').join('|')}|`);
  for (const g of ratioTable(r)) L.push(`| ${g.group} | ${PEERS.map((p) => ratioText(g.ratios[p.key])).join(' | ')} |`);
  L.push('', 'M is the geometric mean over the matrix products of the suite below.', '');
  L.push('## Targets', '', '| target | ratio | status |', '|---|---:|---|');
  for (const t of targets(r))
    L.push(
      `| ${t.target} | ${ratioText(t.ratio)} | ${t.met === null ? 'not measured' : t.met ? 'met' : '**behind**'} |`,
    );
  L.push('', '## Workloads', '');
  L.push(
    '| workload | framework · backend | train rows | time | score | ratio | guard |',
    '|---|---|---:|---|---|---:|---|',
  );
  for (const w of r.workloads) {
    for (const row of w.rows) {
      const time = row.error
        ? `failed: ${row.error.slice(0, 80)}`
        : `${span(row.metric)} ${w.timeMetric}${row.noisy ? ' ~' : ''}`;
      const score = row.runs > 0 ? `${w.scoreName} ${row.score.median.toFixed(3)}` : '—';
      L.push(
        `| ${w.id} | ${row.framework} · ${row.variant} | ${row.trainRows} | ${time} | ${score} | ${ratioText(row.ratio)} | ${row.guard === 'low' ? '**low**' : row.guard} |`,
      );
    }
  }
  L.push('');
  for (const w of r.workloads) {
    L.push(`- **${w.id}** ${w.title}; ${w.epochs} epoch${w.epochs === 1 ? '' : 's'}.${w.note ? ` ${w.note}.` : ''}`);
    for (const s of w.skipped) L.push(`  - skipped ${s.key} (${s.variant}): ${s.reason}`);
  }
  const mm = r.micro.filter((c) => c.suite === 'matmul');
  if (mm.length > 0) {
    const keys = [...new Set(mm.map((c) => c.key))];
    const labels = [...new Set(mm.map((c) => c.label))];
    L.push('', '## M: matrix products, GFLOP/s (median of benny samples; numpy timed in python)', '');
    L.push(
      `| product | ${keys.map((k) => (k === 'scikit-learn' ? 'numpy (2 BLAS threads)' : k === 'numpy/1' ? 'numpy (1 BLAS thread)' : k)).join(' | ')} |`,
      `|---|${keys.map(() => '---:').join('|')}|`,
    );
    for (const label of labels)
      L.push(
        `| ${label} | ${keys.map((k) => mm.find((c) => c.key === k && c.label === label)?.gflops?.median.toFixed(1) ?? '—').join(' | ')} |`,
      );
    L.push(`| ratio (geo-mean) | ${keys.map((k) => ratioText(r.matmulRatios[k])).join(' | ')} |`);
    // Throughput ratios against OpenBLAS at equal thread counts (above 1, scikeras-ts is faster).
    const g = (k: string, label: string): number | undefined =>
      mm.find((c) => c.key === k && c.label === label)?.gflops?.median;
    const pairs = [
      ['scikeras-ts/wasm', 'numpy/1', '1 thread: wasm / numpy'],
      ['scikeras-ts/threads', 'scikit-learn', '2 threads: threads / numpy'],
    ] as const;
    const shown = pairs.filter(([a, b]) => keys.includes(a) && keys.includes(b));
    if (shown.length > 0) {
      L.push('', '### M against OpenBLAS at the same thread count: scikeras-ts GFLOP/s / numpy GFLOP/s', '');
      L.push(`| product | ${shown.map((p) => p[2]).join(' | ')} |`, `|---|${shown.map(() => '---:').join('|')}|`);
      for (const label of labels)
        L.push(
          `| ${label} | ${shown
            .map(([a, b]) => {
              const x = g(a, label),
                y = g(b, label);
              return x === undefined || y === undefined ? '—' : (x / y).toFixed(2);
            })
            .join(' | ')} |`,
        );
    }
  }
  if (r.memory.length > 0) {
    L.push('', '## Peak memory (RSS, MiB): one fit per fresh process, at most 2 epochs', '');
    const mkeys = [...new Set(r.memory.map((m) => m.key))];
    L.push(`| workload | ${mkeys.join(' | ')} |`, `|---|${mkeys.map(() => '---:').join('|')}|`);
    for (const id of [...new Set(r.memory.map((m) => m.workload))]) {
      L.push(
        `| ${id} | ${mkeys
          .map((k) => {
            const m = r.memory.find((x) => x.workload === id && x.key === k);
            return m === undefined
              ? '—'
              : m.peakMiB === null
                ? 'failed'
                : `${m.peakMiB.toFixed(0)} (${(m.peakMiB - (m.beforeMiB ?? 0)).toFixed(0)} in fit)`;
          })
          .join(' | ')} |`,
      );
    }
    L.push(
      '',
      'Peak of the whole process (runtime, libraries and data included); in parentheses the growth during the fit. scikit-learn: the python process.',
    );
  }
  const sr = r.search;
  if (sr !== undefined && sr !== null && sr.skipped === undefined) {
    L.push(
      '',
      `## nJobs: GridSearchCV, ${sr.candidates} MLPClassifier candidates, cv ${sr.folds}, ${sr.samples} digits`,
      '',
      '| nJobs 1 (s) | nJobs 2 (s) | speedup | cvResults_ equal |',
      '|---:|---:|---:|---|',
      `| ${sr.nJobs1.toFixed(2)} | ${sr.nJobs2.toFixed(2)} | ${sr.speedup.toFixed(2)} | ${sr.matched ? 'yes' : 'NO'} |`,
      '',
      `Median of ${sr.runs} interleaved runs; useThreads({ threads: 2 }) for both, the fits of nJobs 2 on two fit workers. Equal: every column but the times, bestParams_ and bestScore_, bit for bit.`,
    );
  }
  const tr = r.micro.filter((c) => c.suite !== 'matmul');
  if (tr.length > 0) {
    L.push(
      '',
      '## Micro: one W1 training step and one W1 epoch (benny, ms per call)',
      '',
      '| case | framework · API | ms |',
      '|---|---|---|',
    );
    for (const c of tr) L.push(`| ${c.suite} ${c.label} | ${c.framework} · ${c.variant} | ${span(c.ms)} |`);
  }
  if (r.notes.length > 0) L.push('', '## Notes', '', ...r.notes.map((n) => `- ${n}`));
  L.push('');
  return L.join('\n');
}

/** Writes latest.json, latest.md and ratios.svg into `dir`; returns their paths. */
export function writeReports(r: BenchResult, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const files = [join(dir, 'latest.json'), join(dir, 'latest.md'), join(dir, 'ratios.svg')];
  writeFileSync(files[0] as string, JSON.stringify(r, round, 1) + '\n');
  writeFileSync(files[1] as string, markdown(r));
  writeFileSync(files[2] as string, ratioChart(r));
  return files;
}
