// Runs every uvu suite under test/ (TypeScript through tsx) in one process
// per file, and ends with the line CI reads: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const filter = process.argv[2] ? new RegExp(process.argv[2]) : null;
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.test\.ts$/.test(name) && (!filter || filter.test(p))) files.push(p);
  }
})('test');

let passed = 0,
  failed = 0,
  skipped = 0,
  crashed = 0;
for (const file of files) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], {
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  const out = (r.stdout ?? '') + (r.stderr ?? '');
  const total = Number(/Total:\s+(\d+)/.exec(out)?.[1] ?? NaN);
  const ok = Number(/Passed:\s+(\d+)/.exec(out)?.[1] ?? NaN);
  const skip = Number(/Skipped:\s+(\d+)/.exec(out)?.[1] ?? 0);
  if (Number.isNaN(total) || Number.isNaN(ok)) {
    crashed++;
    failed++;
    process.stdout.write(`\n✘ ${file} crashed (exit ${r.status}):\n${out}\n`);
    continue;
  }
  // uvu's Total counts the tests that ran: skipped ones are not in it.
  passed += ok;
  skipped += skip;
  failed += total - ok;
  const mark = total - ok > 0 || r.status !== 0 ? '✘' : '✔';
  if (mark === '✘' && total - ok === 0) failed++; // a non-zero exit with no failed test still fails
  process.stdout.write(`${mark} ${file}: ${ok}/${total}\n`);
  if (mark === '✘') process.stdout.write(out + '\n');
}
if (files.length === 0) {
  console.log('no test files found');
  failed++;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
