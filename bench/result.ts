// The shape of bench/results/latest.json and the per-peer ratio summary that
// the markdown table and the SVG chart both read. Types and pure functions; imports bench types only.

import type { Machine } from './machine.ts';
import type { MicroCase, MicroOptions } from './micro.ts';
import type { SklearnInfo } from './peers/sklearn.ts';
import type { WorkloadResult } from './harness.ts';
import type { Sizes } from './workloads.ts';
import type { MemoryRow } from './memory.ts';
import type { SearchRow } from './search.ts';

export interface BenchResult {
  schema: 1;
  mode: string;
  date: string;
  durationSeconds: number;
  machine: Machine;
  versions: Record<string, string>;
  python: SklearnInfo | null;
  settings: {
    runs: number;
    sizes: Sizes;
    micro: MicroOptions | null;
    reference: string;
    guardTolerance: number;
    noiseRatio: number;
    adamEpsilon: number;
  };
  workloads: WorkloadResult[];
  micro: MicroCase[];
  /** M: geometric mean over products of scikeras-ts wasm ms / this key's ms. */
  matmulRatios: Record<string, number>;
  /** Peak RSS per framework key and workload, each fit in a fresh process. */
  memory: MemoryRow[];
  /** GridSearchCV nJobs 1 vs 2 (absent in results written before it). */
  search?: SearchRow | null;
  notes: string[];
}

/** The peers the summary, the targets and the chart compare against. */
export const PEERS = [
  { key: 'scikit-learn', label: 'scikit-learn', color: '#f89939' },
  { key: 'tfjs/wasm', label: 'tfjs wasm', color: '#425066' },
  { key: 'tfjs/cpu', label: 'tfjs cpu', color: '#9aa5b8' },
] as const;

/** Ratio (scikeras-ts time / peer time) per group (W1..W5, M) and peer key; absent when either side did not run. */
export function ratioTable(r: BenchResult): { group: string; ratios: Record<string, number> }[] {
  const out = r.workloads.map((w) => {
    const ratios: Record<string, number> = {};
    for (const p of PEERS) {
      const row = w.rows.find((x) => x.key === p.key);
      if (row?.ratio != null && Number.isFinite(row.ratio)) ratios[p.key] = row.ratio;
    }
    return { group: w.id as string, ratios };
  });
  const m: Record<string, number> = {};
  for (const p of PEERS) if (r.matmulRatios[p.key] !== undefined) m[p.key] = r.matmulRatios[p.key] as number;
  if (Object.keys(m).length > 0) out.push({ group: 'M', ratios: m });
  return out;
}

/** The targets for scikeras-ts, checked against the ratios. */
export function targets(r: BenchResult): { target: string; ratio: number | null; met: boolean | null }[] {
  const ratio = (id: string, key: string): number | null =>
    r.workloads.find((w) => w.id === id)?.rows.find((x) => x.key === key)?.ratio ?? null;
  const check = (target: string, v: number | null, limit: number) => ({
    target,
    ratio: v,
    met: v === null ? null : v <= limit,
  });
  // our row's time / scikit-learn's row's time, both ratios taken against the reference row
  const versus = (id: string, ours: string, peer: string): number | null => {
    const p = ratio(id, peer),
      o = ratio(id, ours);
    return p === null || o === null ? null : p / o;
  };
  return [
    check('W1 ms/epoch at or below scikit-learn', ratio('W1', 'scikit-learn'), 1),
    check(
      'W1 float64 at or below scikit-learn float64',
      versus('W1', 'scikeras-ts/float64', 'scikit-learn/float64'),
      1,
    ),
    check('W3 samples/s with threads at least scikit-learn', versus('W3', 'scikeras-ts/threads', 'scikit-learn'), 1),
    check('W2 ms/epoch at or below scikit-learn', ratio('W2', 'scikit-learn'), 1),
    check('W3 samples/s at least 10x tfjs wasm', ratio('W3', 'tfjs/wasm'), 0.1),
    check('W5 rows/s at least scikit-learn', ratio('W5', 'scikit-learn'), 1),
  ];
}

/** The date and machine line shown with every table. */
export function machineLine(r: BenchResult): string {
  const m = r.machine;
  return `${r.date.slice(0, 10)} · ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB · Node ${m.node} · ${r.mode} mode, ${r.settings.runs} runs, ${r.durationSeconds.toFixed(0)} s`;
}
