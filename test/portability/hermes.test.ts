// Hermes 0.12 (React Native's engine; hermes-engine-cli, pinned dev dependency) runs the installed package lowered the
// way React Native's toolchain lowers it: esbuild bundles to ES2015, TypeScript's transpiler takes it to ES5 (classes,
// generators, for-of with downlevelIteration). TypeScript kernels (no WebAssembly there), with Node's TypeScript bits.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import {
  bundleEntries,
  compare,
  once,
  parseSmoke,
  preparePackage,
  referenceRun,
  ROOT,
  run,
} from '../../scripts/portability/harness.ts';

const TOL = 1e-5;
/** An interpreter: fewer seed-workload epochs than the JIT runtimes time. */
const SEED_EPOCHS = 3;
const BIN_DIR: Record<string, string> = { linux: 'linux64-bin', darwin: 'osx-bin', win32: 'win64-bin' };

function hermesBinary(): string {
  const dir = BIN_DIR[process.platform];
  if (dir === undefined || (process.platform === 'linux' && process.arch !== 'x64'))
    throw new Error(`hermes-engine-cli ships no hermes binary for ${process.platform}-${process.arch}`);
  return join(ROOT, 'node_modules', 'hermes-engine-cli', dir, process.platform === 'win32' ? 'hermes.exe' : 'hermes');
}

const setup = once(async () => {
  const hermes = hermesBinary();
  const version = /Hermes release version: (\S+)/.exec(run(hermes, ['-version'], ROOT).stdout)?.[1] ?? '?';
  const { outdir } = await bundleEntries(
    preparePackage(),
    { 'smoke-hermes': 'entry-global.ts' },
    { format: 'iife', platform: 'neutral', target: 'es2015' },
  );
  const es2015 = readFileSync(join(outdir, 'smoke-hermes.js'), 'utf8');
  // A script (no import or export), so the CommonJS setting adds nothing; it only keeps isolatedModules content.
  const es5 = ts.transpileModule(es2015, {
    fileName: 'smoke-hermes.js',
    reportDiagnostics: true,
    compilerOptions: {
      target: ts.ScriptTarget.ES5,
      module: ts.ModuleKind.CommonJS,
      downlevelIteration: true,
      removeComments: true,
    },
  });
  const diagnostics = (es5.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
  if (diagnostics.length > 0)
    throw new Error(`TypeScript could not lower the bundle to ES5: ${diagnostics.join('; ')}`);
  // Hermes' CLI has print() and no console: the script prints its results itself.
  const files = { es2015: join(outdir, 'smoke-hermes.es2015.js'), es5: join(outdir, 'smoke-hermes.es5.js') };
  const epilogue = '\nprint("QUIET " + globalThis.__quietResult);\nprint("SMOKE " + globalThis.__smokeResult);\n';
  writeFileSync(files.es2015, `globalThis.__seedEpochs = ${SEED_EPOCHS};\n${es2015}${epilogue}`);
  writeFileSync(files.es5, `globalThis.__seedEpochs = ${SEED_EPOCHS};\n${es5.outputText}${epilogue}`);
  return { hermes, version, files };
});

test("Hermes 0.12 cannot compile the ES2015 bundle (classes): what React Native's Babel preset lowers", async () => {
  const s = await setup();
  const r = run(s.hermes, [s.files.es2015], ROOT, { timeoutMs: 120_000 });
  assert.is.not(r.status, 0, 'hermes ran ES2015 classes: the README note on lowering would be stale');
  assert.match(r.stderr + r.stdout, /invalid statement encountered|class/i);
});

test("Hermes 0.12 runs the ES5-lowered bundle: MLPClassifier fits and predicts on the TypeScript kernels with Node's TypeScript bits", async () => {
  const s = await setup();
  const r = run(s.hermes, [s.files.es5], ROOT, { timeoutMs: 180_000 });
  assert.is(r.status, 0, `hermes exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /^QUIET ok$/m, 'verbose output and the default warning handler with no console');
  const got = parseSmoke(r.stdout, 'hermes');
  const ref = await referenceRun('typescript');
  const c = compare(got, ref);
  console.log(`hermes ${s.version}: ${c.text}; reason "${got.backend.reason}"; hermes ran ${r.ms} ms`);
  assert.is(got.runtime, 'hermes');
  assert.is(got.backend.backend, 'typescript', JSON.stringify(got.backend));
  assert.ok(got.accuracy >= 0.9, `accuracy ${got.accuracy}`);
  assert.ok(c.labelsEqual, `labels ${JSON.stringify(got.labels)} vs ${JSON.stringify(ref.labels)}`);
  assert.ok(c.maxProbaDiff <= TOL, `max |dproba| ${c.maxProbaDiff} > ${TOL}`);
  assert.ok(c.bitsEqual, 'the TypeScript kernels gave other bits in Hermes than in Node');
});

test.run();
