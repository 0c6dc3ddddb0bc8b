// Node under restricting flags runs the smoke from the installed package: --jitless (no JIT, so no WebAssembly) with a
// 64 MB heap takes the TypeScript kernels, --disallow-code-generation-from-strings keeps the WASM kernels (it forbids
// eval and new Function, not WebAssembly). Each compared with Node's unflagged bits for the same kernels.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  bundleEntries,
  compare,
  mustRun,
  once,
  parseSmoke,
  preparePackage,
  referenceRun,
} from '../../scripts/portability/harness.ts';

const TOL = 1e-5;

const setup = once(async () => {
  const packed = preparePackage();
  await bundleEntries(
    packed,
    { 'smoke-node-flags': 'entry-print.ts' },
    {
      packageExternal: true,
      platform: 'node',
      format: 'esm',
      outdir: packed.consumer,
      outExtension: { '.js': '.mjs' },
    },
  );
  return packed.consumer;
});

const CASES: Array<{
  flags: string[];
  kernels: 'typescript' | 'default';
  backend: string;
  reason?: RegExp;
  seedEpochs?: number;
}> = [
  // Without a JIT the seed workload runs interpreted: fewer epochs, as for QuickJS and Hermes.
  {
    flags: ['--jitless', '--max-old-space-size=64'],
    kernels: 'typescript',
    backend: 'typescript',
    reason: /WebAssembly is not available/,
    seedEpochs: 3,
  },
  { flags: ['--disallow-code-generation-from-strings'], kernels: 'default', backend: 'wasm' },
];

for (const c of CASES) {
  test(`node ${c.flags.join(' ')}: fits and predicts on the ${c.backend} kernels with Node's unflagged ${c.backend} bits`, async () => {
    const consumer = await setup();
    // The flags reach the child: it reports them back, and the heap limit they set, before the smoke.
    const probe =
      'console.log(JSON.stringify({ argv: process.execArgv, heapMiB: require("node:v8").getHeapStatistics().heap_size_limit / 1048576 }))';
    const seen = JSON.parse(mustRun(process.execPath, [...c.flags, '-e', probe], consumer)) as {
      argv: string[];
      heapMiB: number;
    };
    assert.equal(seen.argv.slice(0, c.flags.length), c.flags);
    const oldSpace = Number(/--max-old-space-size=(\d+)/.exec(c.flags.join(' '))?.[1] ?? NaN);
    if (!Number.isNaN(oldSpace))
      assert.ok(seen.heapMiB <= 2 * oldSpace, `heap limit ${seen.heapMiB} MiB under --max-old-space-size=${oldSpace}`);
    const seed =
      c.seedEpochs === undefined ? [] : ['--import', `data:text/javascript,globalThis.__seedEpochs=${c.seedEpochs}`];
    const got = parseSmoke(
      mustRun(process.execPath, [...c.flags, ...seed, 'smoke-node-flags.mjs'], consumer),
      `node ${c.flags.join(' ')}`,
    );
    const ref = await referenceRun(c.kernels);
    const cmp = compare(got, ref);
    console.log(
      `node ${c.flags.join(' ')} (heap limit ${seen.heapMiB.toFixed(0)} MiB): ${cmp.text}${got.backend.reason === undefined ? '' : `; reason "${got.backend.reason}"`}`,
    );
    assert.is(got.backend.backend, c.backend, JSON.stringify(got.backend));
    if (c.reason !== undefined) assert.match(got.backend.reason ?? '', c.reason);
    assert.ok(got.accuracy >= 0.9, `accuracy ${got.accuracy}`);
    assert.ok(cmp.labelsEqual, `labels ${JSON.stringify(got.labels)} vs ${JSON.stringify(ref.labels)}`);
    assert.ok(cmp.maxProbaDiff <= TOL, `max |dproba| ${cmp.maxProbaDiff} > ${TOL}`);
    assert.ok(cmp.bitsEqual, `the ${c.backend} kernels gave other bits under ${c.flags.join(' ')}`);
  });
}

test('--disallow-code-generation-from-strings really forbids eval and new Function there', async () => {
  const consumer = await setup();
  const out = mustRun(
    process.execPath,
    [
      '--disallow-code-generation-from-strings',
      '-e',
      'for (const f of [() => eval("1"), () => new Function("return 1")()]) { try { f(); console.log("allowed"); } catch (e) { console.log(e.name); } }',
    ],
    consumer,
  );
  assert.equal(out.trim().split('\n'), ['EvalError', 'EvalError']);
});

test.run();
