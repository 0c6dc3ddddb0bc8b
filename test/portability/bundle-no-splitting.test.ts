// The installed package bundled by esbuild WITHOUT code splitting (one file per entry: --bundle with esm, iife
// or cjs), the way many apps and CDNs build. Dynamic import() (the thread pool, the datasets' data) then makes
// esbuild wrap the imported module and everything it imports in lazy initialisers, whose calls esbuild can lose
// on a `sideEffects: false` package (an `export *` of a wrapped module left ValueError undefined: "Class
// extends value undefined"). Every export of every subpath, imported alone, must be defined; a few entry
// shapes (a subclass of an error, an MLP fit, the whole namespace) must run in Node in every format.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runInThisContext } from 'node:vm';
import type { Format } from 'esbuild';
import { PKG, SUBPATHS, WORK, once, preparePackage, specifierOf } from '../../scripts/portability/harness.ts';

const DIR = join(WORK, 'no-splitting');
const ext = (format: Format) => (format === 'esm' ? '.mjs' : '.cjs');

/** Bundles each entry (code in the consumer project) into its own file, minified, for `format`. */
async function bundle(name: string, entries: Record<string, string>, format: Format): Promise<string> {
  const { consumer } = preparePackage();
  const esbuild = await import('esbuild');
  const src = join(consumer, 'no-splitting', name);
  const outdir = join(DIR, name, format);
  rmSync(src, { recursive: true, force: true });
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(src, { recursive: true });
  for (const [k, code] of Object.entries(entries)) writeFileSync(join(src, `${k}.mjs`), code);
  await esbuild.build({
    entryPoints: Object.keys(entries).map((k) => join(src, `${k}.mjs`)),
    bundle: true,
    splitting: false,
    minify: true,
    format,
    platform: 'browser',
    target: 'es2022',
    external: ['gpu.js'],
    outdir,
    outExtension: { '.js': ext(format) },
    logLevel: 'silent',
  });
  return outdir;
}

/** The runtime export names of each public subpath, read from the installed package. */
const exportNames = once(async () => {
  const { pkgDir } = preparePackage();
  const out: Array<{ spec: string; names: string[] }> = [];
  for (const sub of SUBPATHS) {
    const target = (PKG.exports[sub] as { default: string }).default;
    const mod = (await import(pathToFileURL(join(pkgDir, target)).href)) as Record<string, unknown>;
    out.push({ spec: specifierOf(sub), names: Object.keys(mod) });
  }
  return out;
});

/** One entry per (subpath, name): imports that name alone and hands it to globalThis.__probe. */
async function singleNameEntries(): Promise<{ entries: Record<string, string>; label: Map<string, string> }> {
  const entries: Record<string, string> = {};
  const label = new Map<string, string>();
  let i = 0;
  for (const { spec, names } of await exportNames())
    for (const n of names) {
      const k = `e${i++}`;
      entries[k] = `import { ${n} } from '${spec}';\nglobalThis.__probe(${JSON.stringify(k)}, ${n});\n`;
      label.set(k, `${spec}: ${n}`);
    }
  return { entries, label };
}

/** Loads each single-name bundle; each reports its one export through globalThis.__probe. Returns what broke. */
async function probeNames(
  entries: Record<string, string>,
  label: Map<string, string>,
  load: (key: string) => Promise<unknown> | unknown,
): Promise<string[]> {
  const seen = new Map<string, unknown>();
  const g = globalThis as { __probe?: (k: string, v: unknown) => void };
  g.__probe = (k, v) => seen.set(k, v);
  const bad: string[] = [];
  for (const k of Object.keys(entries)) {
    try {
      await load(k);
      if (seen.get(k) === undefined) bad.push(`${label.get(k)} is undefined`);
    } catch (e) {
      bad.push(`${label.get(k)}: ${String(e)}`);
    }
  }
  delete g.__probe;
  return bad;
}

test('every export of every subpath, imported alone, is defined in an esm bundle without code splitting', async () => {
  const { entries, label } = await singleNameEntries();
  assert.ok(label.size > 400, `${label.size} names`);
  const outdir = await bundle('names', entries, 'esm');
  const bad = await probeNames(entries, label, (k) => import(pathToFileURL(join(outdir, `${k}.mjs`)).href));
  assert.equal(bad, [], `${bad.length} of ${label.size} names broken without splitting:\n${bad.join('\n')}`);
});

test('every export of every subpath, imported alone, is defined in an iife bundle', async () => {
  const { entries, label } = await singleNameEntries();
  const outdir = await bundle('names', entries, 'iife');
  const bad = await probeNames(entries, label, (k) =>
    runInThisContext(readFileSync(join(outdir, `${k}.cjs`), 'utf8'), { filename: `${k}.cjs` }),
  );
  assert.equal(bad, [], `${bad.length} of ${label.size} names broken without splitting:\n${bad.join('\n')}`);
});

// Each prints one line; the test compares it with what the same code prints against the installed package.
const SHAPES: Record<string, string> = {
  'error-subclass': `import { ValueError, ScikerasError } from 'scikeras-ts';
class MyError extends ValueError {}
const e = new MyError('m');
console.log(JSON.stringify([e instanceof ValueError, e instanceof ScikerasError, e.code, e.message]));`,
  'mlp-fit': `import { MLPClassifier, accuracyScore } from 'scikeras-ts';
const X = [[0, 0], [0, 1], [1, 0], [1, 1], [0.1, 0.2], [0.9, 0.8], [0.2, 0.9], [0.8, 0.1]];
const y = [0, 1, 1, 0, 0, 0, 1, 1];
const m = new MLPClassifier({ hiddenLayerSizes: [4], maxIter: 3, randomState: 0 });
m.fit(X, y);
console.log(JSON.stringify([accuracyScore(y, m.predict(X)) >= 0, m.nIter_, m.classes_, Array.from(m.predictProba(X).slice(0, 2).flat())]));`,
  namespace: `import * as lib from 'scikeras-ts';
const names = Object.keys(lib);
console.log(JSON.stringify([names.length, names.filter((n) => lib[n] === undefined)]));`,
  'nn-namespace': `import * as nn from 'scikeras-ts/nn';
const names = Object.keys(nn);
console.log(JSON.stringify([names.length, names.filter((n) => nn[n] === undefined)]));`,
};

/** Runs `file` in a fresh Node; its stdout, or the error it died with. */
function node(file: string, cwd: string): string {
  const r = spawnSync(process.execPath, ['--no-warnings', file], { cwd, encoding: 'utf8', timeout: 120_000 });
  return r.status === 0 ? r.stdout.trim() : `exit ${r.status}: ${r.stderr.split('\n').slice(0, 6).join('\n')}`;
}

for (const format of ['esm', 'iife', 'cjs'] as const)
  test(`entry shapes bundled as ${format} without splitting run in Node as they do unbundled`, async () => {
    const { consumer } = preparePackage();
    const outdir = await bundle('shapes', SHAPES, format);
    for (const name of Object.keys(SHAPES)) {
      // the same code run unbundled against the installed package is the reference
      const expected = node(join(consumer, 'no-splitting', 'shapes', `${name}.mjs`), consumer);
      assert.not.match(expected, /^exit/, `${name} fails unbundled: ${expected}`);
      assert.is(node(join(outdir, `${name}${ext(format)}`), consumer), expected, `${name} as ${format}`);
    }
  });

test.run();
