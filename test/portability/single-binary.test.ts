// Single executables: `bun build --compile` (the pinned Bun from .tmp/runtimes) turns the smoke and the installed
// package into one binary that runs from a folder with no node_modules, the project it was built in deleted first.
// `deno compile` needs its denort runtime, which it downloads: tested only when DENORT_BIN names a local one.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BUN_VERSION,
  bundleEntries,
  cleanEnv,
  compare,
  DENO_VERSION,
  ensureRuntimes,
  mustRun,
  once,
  parseSmoke,
  preparePackage,
  referenceRun,
  RUNTIMES_DIR,
} from '../../scripts/portability/harness.ts';
import type { SmokeResult } from '../../scripts/portability/smoke.ts';

const TOL = 1e-5;
const scratch: string[] = [];

const setup = once(async () => {
  const runtimes = ensureRuntimes();
  console.log(runtimes.log);
  const packed = preparePackage();
  await bundleEntries(
    packed,
    { 'smoke-binary': 'entry-print.ts' },
    {
      packageExternal: true,
      platform: 'node',
      format: 'esm',
      outdir: packed.consumer,
      outExtension: { '.js': '.mjs' },
    },
  );
  return { ...runtimes, consumer: packed.consumer };
});

function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(d);
  return d;
}

/** Builds in a copy of the consumer project, deletes the copy, and runs the binary from an empty folder. */
function buildAndRun(
  consumer: string,
  what: string,
  build: (project: string, output: string) => void,
): { result: SmokeResult; bytes: number } {
  const project = tempDir('scikeras-binary-project-');
  cpSync(consumer, project, { recursive: true });
  const runDir = tempDir('scikeras-binary-run-');
  const binary = join(runDir, process.platform === 'win32' ? 'smoke.exe' : 'smoke');
  build(project, binary);
  rmSync(project, { recursive: true, force: true });
  assert.equal(
    readdirSync(runDir),
    [process.platform === 'win32' ? 'smoke.exe' : 'smoke'],
    `${what}: the run folder holds only the binary`,
  );
  const stdout = mustRun(binary, [], runDir, { env: cleanEnv({ NO_COLOR: '1' }) });
  return { result: parseSmoke(stdout, what), bytes: statSync(binary).size };
}

function check(got: SmokeResult, ref: SmokeResult, what: string, bytes: number): void {
  const c = compare(got, ref);
  console.log(`${what} (${(bytes / 1048576).toFixed(0)} MB): ${c.text}`);
  assert.is(got.backend.backend, 'wasm', JSON.stringify(got.backend));
  assert.ok(got.accuracy >= 0.9, `accuracy ${got.accuracy}`);
  assert.ok(c.labelsEqual, `labels ${JSON.stringify(got.labels)} vs ${JSON.stringify(ref.labels)}`);
  assert.ok(c.maxProbaDiff <= TOL, `max |dproba| ${c.maxProbaDiff} > ${TOL}`);
  assert.ok(c.bitsEqual, `${what}: the same wasm kernels gave other bits than Node`);
}

test(`bun ${BUN_VERSION} build --compile: one binary runs the smoke from a folder without node_modules, with Node's WASM bits`, async () => {
  const { bun, consumer } = await setup();
  const { result, bytes } = buildAndRun(consumer, 'bun --compile binary', (project, output) => {
    mustRun(bun, ['build', '--compile', 'smoke-binary.mjs', '--outfile', output], project, {
      env: cleanEnv({ NO_COLOR: '1' }),
      timeoutMs: 300_000,
    });
  });
  assert.match(result.runtime, /^bun /);
  check(result, await referenceRun('default'), 'bun --compile binary', bytes);
});

const denort = process.env['DENORT_BIN'];
if (denort !== undefined && denort !== '') {
  test(`deno ${DENO_VERSION} compile (DENORT_BIN=${denort}): one binary runs the smoke from a folder without node_modules`, async () => {
    assert.ok(existsSync(denort), `DENORT_BIN=${denort} does not exist`);
    const { deno, consumer } = await setup();
    const { result, bytes } = buildAndRun(consumer, 'deno compile binary', (project, output) => {
      mkdirSync(join(RUNTIMES_DIR, 'deno-dir'), { recursive: true });
      const env = cleanEnv({
        DENO_DIR: join(RUNTIMES_DIR, 'deno-dir'),
        DENO_NO_UPDATE_CHECK: '1',
        NO_COLOR: '1',
        DENORT_BIN: denort,
      });
      mustRun(
        deno,
        [
          'compile',
          '--quiet',
          '--no-remote',
          '--no-prompt',
          '--node-modules-dir=manual',
          '--output',
          output,
          'smoke-binary.mjs',
        ],
        project,
        { env, timeoutMs: 300_000 },
      );
    });
    assert.match(result.runtime, /^deno /);
    check(result, await referenceRun('default'), 'deno compile binary', bytes);
  });
} else {
  console.log(
    'deno compile: not tested (it downloads its denort runtime; set DENORT_BIN to a local denort to test it)',
  );
}

test.after(() => {
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

test.run();
