// `npm run bench` entry: quick mode by default, `--full` for the full
// sizes; writes bench/results/latest.{json,md} and ratios.svg. Options: --only=W1,W3 --runs=N --no-micro --no-sklearn --no-tfjs --no-threads --no-float64 --no-memory --no-search --out=DIR.

import { fileURLToPath } from 'node:url';
import { writeReports } from './report.ts';
import { presetOptions, runBench } from './run.ts';
import { WORKLOAD_IDS, type WorkloadId } from './workloads.ts';

function parse(argv: readonly string[]): { options: ReturnType<typeof presetOptions>; out: string } {
  const options = presetOptions(argv.includes('--full') ? 'full' : 'quick');
  let out = fileURLToPath(new URL('./results/', import.meta.url));
  for (const arg of argv) {
    const [flag, value] = arg.split('=', 2) as [string, string | undefined];
    if (flag === '--full') continue;
    else if (flag === '--only' && value) {
      const ids = value.split(',').map((s) => s.trim().toUpperCase());
      const bad = ids.filter((s) => !(WORKLOAD_IDS as readonly string[]).includes(s) && s !== 'M');
      if (bad.length > 0)
        throw new Error(`--only: unknown workload ${bad.join(', ')} (use ${WORKLOAD_IDS.join(', ')}, M)`);
      options.only = ids.filter((s): s is WorkloadId => s !== 'M') as WorkloadId[];
      if (!ids.includes('M')) options.micro = null;
    } else if (flag === '--runs' && value) {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new Error(`--runs must be a positive integer, got ${value}`);
      options.runs = n;
    } else if (flag === '--no-micro') options.micro = null;
    else if (flag === '--no-sklearn') options.sklearn = false;
    else if (flag === '--no-tfjs') options.tfjs = [];
    else if (flag === '--no-threads') options.threads = [];
    else if (flag === '--no-float64') options.float64 = [];
    else if (flag === '--no-memory') options.memory = [];
    else if (flag === '--no-search') options.search = false;
    else if (flag === '--out' && value) out = value;
    else throw new Error(`unknown option ${arg}; see the header of bench/index.ts`);
  }
  return { options, out };
}

const { options, out } = parse(process.argv.slice(2));
const result = await runBench(options);
for (const f of writeReports(result, out)) console.log(`wrote ${f}`);
console.log(`done in ${result.durationSeconds.toFixed(0)} s`);
