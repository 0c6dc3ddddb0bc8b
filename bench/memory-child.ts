// One fit of one workload by one framework, in its own process, for memory.ts: prints
// {"peak": bytes, "before": bytes} (the peak RSS of the process; python's own for scikit-learn).
// Usage: node --import tsx bench/memory-child.ts KEY WORKLOAD quick|full

import { readFileSync } from 'node:fs';
import { oursRunners } from './ours.ts';
import { sklearnRunners } from './peers/sklearn.ts';
import { tfjsRunners } from './peers/tfjs.ts';
import type { Runner } from './runner.ts';
import { FULL_SIZES, QUICK_SIZES, buildWorkloads, type WorkloadId } from './workloads.ts';

const [key, id, mode] = process.argv.slice(2) as [string, WorkloadId, string];
const [workload] = buildWorkloads(mode === 'full' ? FULL_SIZES : QUICK_SIZES, [id]);
if (workload === undefined) throw new Error(`unknown workload ${id}`);
// A peak comes from the model, the data and the batch, not from how many epochs run.
const w = { ...workload, epochs: Math.min(workload.epochs, 2) };

let runner: Runner | undefined;
let rss: (() => Promise<number>) | null = null;
if (key === 'scikit-learn') {
  const sk = await sklearnRunners(true);
  const found = sk.availability[0];
  if (sk.peer === null || found === undefined || !('runner' in found)) throw new Error('scikit-learn is unavailable');
  runner = found.runner;
  const peer = sk.peer;
  rss = async () => (await peer.request<{ peakBytes: number }>({ op: 'rss' })).peakBytes;
} else if (key.startsWith('tfjs/')) {
  const found = (await tfjsRunners([key.slice(5) as 'wasm' | 'cpu']))[0];
  if (found !== undefined && 'runner' in found) runner = found.runner;
} else {
  for (const a of await oursRunners({ typescript: false, wrappers: [], gpu: [], threads: [id], float64: [] }))
    if ('runner' in a && a.runner.key === key) runner = a.runner;
}
if (runner === undefined) throw new Error(`${key} is unavailable`);
// VmHWM: the high-water mark of this process's own memory map. getrusage's maxrss is not used where
// /proc exists: Linux carries the parent's resident size at fork into a child's maxrss.
function peakBytes(): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb !== undefined) return Number(kb) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}

const before = rss === null ? process.memoryUsage().rss : await rss();
await runner.run({ workload: w, trainRows: w.trainRows(key), seed: 0 });
const peak = rss === null ? peakBytes() : await rss();
console.log(JSON.stringify({ peak, before }));
process.exit(0);
