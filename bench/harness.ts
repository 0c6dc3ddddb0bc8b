// The whole-fit driver: runs every workload on every available runner,
// interleaved (run r visits the runners in an order rotated by r), and summarises min/median/max, ratios and the accuracy guard.

import type { Availability, FrameworkName, Runner } from './runner.ts';
import { metricOf, timePerUnit, type TimeMetric, type Workload, type WorkloadId } from './workloads.ts';
import { spread, type Spread } from './score.ts';

/** The scikeras-ts row every ratio is taken against. */
export const REFERENCE_KEY = 'scikeras-ts/wasm';

/** A score this far below the best other framework's (accuracy or R^2, absolute) is flagged. */
export const GUARD_TOLERANCE = 0.05;

/** A row's timings spread more than this (max / min of per-unit time) is marked noisy. */
export const NOISE_RATIO = 1.25;

export type Guard = 'ok' | 'low' | 'n/a';

/** One framework/backend on one workload. */
export interface Row {
  key: string;
  framework: FrameworkName;
  variant: string;
  trainRows: number;
  runs: number;
  /** The workload's time metric (ms/epoch, samples/s or rows/s) over the runs. */
  metric: Spread;
  /** Seconds of the timed part per run. */
  seconds: Spread;
  score: Spread;
  /** scikeras-ts (Sequential, wasm) time per unit / this row's: below 1, scikeras-ts is faster. */
  ratio: number | null;
  guard: Guard;
  noisy: boolean;
  error?: string;
}

export interface Skip {
  key: string;
  variant: string;
  reason: string;
}

export interface WorkloadResult {
  id: WorkloadId;
  title: string;
  timeMetric: TimeMetric;
  scoreName: string;
  epochs: number;
  batchSize: number;
  hidden: readonly number[];
  note: string;
  seconds: number;
  rows: Row[];
  skipped: Skip[];
}

interface Collected {
  runner: Runner;
  trainRows: number;
  seconds: number[];
  metric: number[];
  score: number[];
  error?: string;
}

const fmt = (v: number): string =>
  Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);

/** Runs one workload `runs` times on each runner, interleaved, and summarises. */
export async function runWorkload(
  w: Workload,
  available: readonly Availability[],
  runs: number,
  log: (line: string) => void,
): Promise<WorkloadResult> {
  const t0 = performance.now();
  const skipped: Skip[] = [];
  const active: Collected[] = [];
  for (const a of available) {
    if (!('runner' in a)) {
      skipped.push({ key: a.key, variant: a.variant, reason: a.reason });
      continue;
    }
    const ok = a.runner.supports(w);
    if (ok !== true) skipped.push({ key: a.runner.key, variant: a.runner.variant, reason: ok });
    else active.push({ runner: a.runner, trainRows: w.trainRows(a.runner.key), seconds: [], metric: [], score: [] });
  }
  log(`> ${w.id} ${w.title}: ${active.length} rows x ${runs} runs`);
  await warmUp(w, active);
  for (let r = 0; r < runs; r++) {
    const order = active.map((_, i) => active[(i + r) % active.length] as Collected);
    const parts: string[] = [];
    for (const c of order) {
      if (c.error !== undefined) continue;
      try {
        const res = await c.runner.run({ workload: w, trainRows: c.trainRows, seed: r });
        if (!Number.isFinite(res.seconds) || res.seconds <= 0) throw new Error(`non-positive time ${res.seconds}`);
        c.seconds.push(res.seconds);
        c.metric.push(metricOf(w, res.seconds, c.trainRows));
        c.score.push(res.score);
        parts.push(`${c.runner.key} ${fmt(c.metric[c.metric.length - 1] as number)}`);
      } catch (e) {
        c.error = e instanceof Error ? e.message : String(e);
        parts.push(`${c.runner.key} FAILED`);
      }
    }
    log(`  ${w.id} run ${r + 1}/${runs} (${w.timeMetric}): ${parts.join(', ')}`);
  }
  const rows = summarise(w, active);
  for (const row of rows) {
    const ratio = row.ratio === null ? '' : ` ratio ${row.ratio.toFixed(2)}`;
    log(
      `  ${w.id} ${row.framework} ${row.variant}: ${row.error ?? `${fmt(row.metric.median)} ${w.timeMetric} [${fmt(row.metric.min)}-${fmt(row.metric.max)}], ${w.scoreName} ${row.score.median.toFixed(3)}${ratio}${row.guard === 'low' ? ' LOW ACCURACY' : ''}`}`,
    );
  }
  return {
    id: w.id,
    title: w.title,
    timeMetric: w.timeMetric,
    scoreName: w.scoreName,
    epochs: w.epochs,
    batchSize: w.batchSize,
    hidden: w.hidden,
    note: w.note,
    seconds: (performance.now() - t0) / 1000,
    rows,
    skipped,
  };
}

/** Epochs of the untimed warm-up pass (at most; W3 trains its 1 epoch). */
export const WARM_UP_EPOCHS = 10;

/**
 * One untimed pass per runner on the full rows (at most WARM_UP_EPOCHS
 * epochs), so the first timed run does not pay for JIT compilation, kernel
 * set-up or lazy backend initialisation: V8 needs a few hundred steps of a
 * shape before the code is optimised. A runner that fails here is not timed.
 */
async function warmUp(w: Workload, active: Collected[]): Promise<void> {
  const short: Workload = { ...w, epochs: Math.min(w.epochs, WARM_UP_EPOCHS) };
  for (const c of active) {
    try {
      await c.runner.run({ workload: short, trainRows: c.trainRows, seed: 0 });
    } catch (e) {
      c.error = e instanceof Error ? e.message : String(e);
    }
  }
}

function summarise(w: Workload, collected: readonly Collected[]): Row[] {
  const rows: Row[] = collected.map((c) => {
    const metric = spread(c.metric);
    const perUnit = c.metric.map((m) => timePerUnit(w, m));
    const row: Row = {
      key: c.runner.key,
      framework: c.runner.framework,
      variant: c.runner.variant,
      trainRows: c.trainRows,
      runs: c.metric.length,
      metric,
      seconds: spread(c.seconds),
      score: spread(c.score),
      ratio: null,
      guard: 'n/a',
      noisy: perUnit.length > 1 && Math.max(...perUnit) / Math.min(...perUnit) > NOISE_RATIO,
    };
    if (c.error !== undefined) row.error = c.error;
    return row;
  });
  const ref = rows.find((r) => r.key === REFERENCE_KEY && r.runs > 0);
  const fullRows = Math.max(...rows.map((r) => r.trainRows));
  for (const row of rows) {
    if (row.runs === 0) continue;
    if (ref !== undefined) row.ratio = timePerUnit(w, ref.metric.median) / timePerUnit(w, row.metric.median);
    // Only rows trained on the same data are compared (W3's slices are not).
    const others = rows.filter((o) => o.runs > 0 && o.framework !== row.framework && o.trainRows === fullRows);
    if (row.trainRows !== fullRows || others.length === 0) continue;
    const best = Math.max(...others.map((o) => o.score.median));
    row.guard = row.score.median < best - GUARD_TOLERANCE ? 'low' : 'ok';
  }
  return rows;
}
