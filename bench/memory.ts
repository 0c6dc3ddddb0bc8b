// Peak memory (RSS) per framework and workload: each fit runs in a fresh process (memory-child.ts), so
// one framework's or workload's peak never hides another's. Imports Node built-ins and bench types.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TfBackend } from './peers/tfjs.ts';
import type { WorkloadId } from './workloads.ts';

/** One framework on one workload: the process's peak RSS, and its RSS just before the fit. */
export interface MemoryRow {
  workload: WorkloadId;
  key: string;
  peakMiB: number | null;
  beforeMiB: number | null;
  error?: string;
}

export interface MemoryOptions {
  sklearn: boolean;
  tfjs: readonly TfBackend[];
  threads: readonly WorkloadId[];
  mode: string;
  log: (line: string) => void;
}

/** Runs one child per (workload, framework) and collects their peaks. */
export async function peakMemory(ids: readonly WorkloadId[], o: MemoryOptions): Promise<MemoryRow[]> {
  const child = fileURLToPath(new URL('./memory-child.ts', import.meta.url));
  const keys = [
    'scikeras-ts/wasm',
    ...(o.threads.length > 0 ? ['scikeras-ts/threads'] : []),
    ...(o.tfjs.includes('wasm') ? ['tfjs/wasm'] : []),
    ...(o.sklearn ? ['scikit-learn'] : []),
  ];
  const rows: MemoryRow[] = [];
  o.log('> peak RSS, one fresh process per framework and workload');
  for (const id of ids) {
    for (const key of keys) {
      if (key === 'scikeras-ts/threads' && !o.threads.includes(id)) continue;
      const r = spawnSync(process.execPath, ['--import', 'tsx', child, key, id, o.mode], {
        encoding: 'utf8',
        timeout: 300000,
      });
      const line = r.stdout.trim().split('\n').pop() ?? '';
      try {
        const v = JSON.parse(line) as { peak: number; before: number };
        rows.push({ workload: id, key, peakMiB: v.peak / 2 ** 20, beforeMiB: v.before / 2 ** 20 });
      } catch {
        rows.push({
          workload: id,
          key,
          peakMiB: null,
          beforeMiB: null,
          error: `${r.stderr || line}`.trim().slice(-200) || `exit ${r.status}`,
        });
      }
      const last = rows[rows.length - 1] as MemoryRow;
      o.log(
        `  ${id} ${key}: ${last.peakMiB === null ? `failed: ${last.error}` : `peak ${last.peakMiB.toFixed(0)} MiB (before the fit ${(last.beforeMiB as number).toFixed(0)} MiB)`}`,
      );
    }
  }
  return rows;
}
