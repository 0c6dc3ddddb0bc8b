// The built files users install (dist/ from the tarball): no Node built-ins, require, eval, new Function,
// process/Buffer or top-level await; third-party code only through import() (ndarray; gpu.js from dist/gpu).
// The command line (dist/cli, the package's bin) is apart: Node's built-ins and the library's own files only,
// and no library file imports it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join, relative } from 'node:path';
import { listFiles, once, PKG, preparePackage } from '../../scripts/portability/harness.ts';

/** Bare specifiers the built code may import, each only with import(), and where. */
const LAZY: Record<string, (file: string) => boolean> = {
  ndarray: () => true, // Tensor#toNdarray only; ndarray compiles code with new Function, so it stays out of the core path
  'gpu.js': (file) => file.startsWith('dist/gpu/'),
};

/** The command line's built folder: a Node program, scanned by its own test below. */
const CLI_DIR = 'dist/cli/';

const dist = once(async () => {
  const { pkgDir } = preparePackage();
  const all = listFiles(join(pkgDir, 'dist')).filter((f) => f.endsWith('.js'));
  const rel = (f: string) => relative(pkgDir, f).split('\\').join('/');
  const files = all.filter((f) => !rel(f).startsWith(CLI_DIR));
  const cli = all.filter((f) => rel(f).startsWith(CLI_DIR));
  return { pkgDir, files, cli, rel };
});

test('every import in dist/ is relative, or a lazily imported dependency; none is a Node built-in', async () => {
  const { pkgDir, files, rel } = await dist();
  const esbuild = await import('esbuild');
  const r = await esbuild.build({
    entryPoints: files,
    bundle: true,
    write: false,
    metafile: true,
    packages: 'external',
    platform: 'neutral',
    format: 'esm',
    outdir: join(pkgDir, 'scan-out'),
    logLevel: 'silent',
    absWorkingDir: pkgDir,
  });
  const bad: string[] = [];
  let lazy = 0;
  for (const [input, info] of Object.entries(r.metafile.inputs)) {
    for (const imp of info.imports) {
      if (!imp.external) continue;
      const where = `${input}: ${imp.kind} '${imp.path}'`;
      if (isBuiltin(imp.path)) bad.push(`${where} is a Node built-in`);
      else if (imp.kind === 'require-call' || imp.kind === 'require-resolve')
        bad.push(`${where}: require in an ES module`);
      else if (LAZY[imp.path] === undefined)
        bad.push(`${where}: not an allowed dependency (${Object.keys(LAZY).join(', ')})`);
      else if (imp.kind !== 'dynamic-import') bad.push(`${where}: must be loaded with import(), not statically`);
      else if (!(LAZY[imp.path] as (f: string) => boolean)(input)) bad.push(`${where}: not allowed in this file`);
      else lazy++;
    }
  }
  console.log(
    `${files.length} files in ${rel(join(pkgDir, 'dist'))} of ${PKG.name}: ${lazy} lazy imports (${Object.keys(LAZY).join(', ')}), nothing else external`,
  );
  assert.equal(bad, [], bad.join('\n'));
  assert.ok(Object.keys(r.metafile.inputs).length >= files.length, 'esbuild did not see every file');
});

test('no eval, new Function, Function(), require, process, Buffer, __dirname in dist/ (comments stripped)', async () => {
  const { files, rel } = await dist();
  const esbuild = await import('esbuild');
  const rules: Array<[RegExp, string]> = [
    [/\beval\s*\(/, 'eval('],
    [/\bnew\s+Function\b/, 'new Function'],
    [/(?<![\w$.])Function\s*\(/, 'Function('],
    [/(?<![\w$.])require\s*\(/, 'require('],
    [/(?<![\w$.'"])process\s*\./, 'process.'],
    [/(?<![\w$.'"])Buffer\s*\./, 'Buffer.'],
    [/\b__(dirname|filename)\b/, '__dirname/__filename'],
    [/\bsetImmediate\s*\(/, 'setImmediate('],
  ];
  const bad: string[] = [];
  for (const f of files) {
    // esbuild's whitespace-minified output keeps code and strings but no comments (JSDoc examples mention require and process).
    const code = (
      await esbuild.transform(readFileSync(f, 'utf8'), {
        loader: 'js',
        format: 'esm',
        target: 'es2022',
        legalComments: 'none',
        minifyWhitespace: true,
      })
    ).code;
    for (const [re, what] of rules) {
      const m = re.exec(code);
      if (m !== null)
        bad.push(
          `${rel(f)}: ${what} in ...${code.slice(Math.max(0, m.index - 60), m.index + 40).replace(/\s+/g, ' ')}...`,
        );
    }
  }
  assert.equal(bad, [], bad.join('\n'));
});

test('no top-level await in dist/ (esbuild cannot turn a file with one into CommonJS; require(esm) needs that too)', async () => {
  const { files, rel } = await dist();
  const esbuild = await import('esbuild');
  const bad: string[] = [];
  for (const f of files) {
    try {
      await esbuild.transform(readFileSync(f, 'utf8'), {
        loader: 'js',
        format: 'cjs',
        target: 'es2022',
        logLevel: 'silent',
      });
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      bad.push(`${rel(f)}: ${/top-level await/i.test(msg) ? 'top-level await' : msg}`);
    }
  }
  assert.equal(bad, [], bad.join('\n'));
});

test("the command line (dist/cli): Node's built-ins and the library's built files only, no package, and no library file imports it", async () => {
  const { pkgDir, files, cli, rel } = await dist();
  assert.equal(cli.map(rel), ['dist/cli/main.js'], 'the bin is one built file');
  const esbuild = await import('esbuild');
  const r = await esbuild.build({
    entryPoints: cli,
    bundle: true,
    write: false,
    metafile: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    outdir: join(pkgDir, 'scan-cli-out'),
    logLevel: 'silent',
    absWorkingDir: pkgDir,
  });
  const bad: string[] = [];
  const library = new Set<string>();
  for (const [input, info] of Object.entries(r.metafile.inputs)) {
    if (!input.startsWith(CLI_DIR)) {
      library.add(input);
      continue; // the library's own imports are the test above's
    }
    for (const imp of info.imports)
      if (imp.external && !isBuiltin(imp.path)) bad.push(`${input}: ${imp.kind} '${imp.path}' (a package)`);
  }
  assert.equal(bad, [], bad.join('\n'));
  assert.ok(library.has('dist/index.js'), `the CLI does not load the library's root: ${[...library].join(', ')}`);
  const reaching = files.filter((f) => /["']\.{1,2}\/(?:\.\.\/)*cli\//.test(readFileSync(f, 'utf8'))).map(rel);
  assert.equal(reaching, [], `library files that import dist/cli: ${reaching.join(', ')}`);
  const head = readFileSync(cli[0] as string, 'utf8').split('\n', 1)[0];
  assert.is(head, '#!/usr/bin/env node');
  console.log(`dist/cli/main.js: ${library.size} library files loaded through the root, only Node built-ins besides`);
});

test('the scanner catches what it must (a planted built-in import, eval, and top-level await)', async () => {
  const esbuild = await import('esbuild');
  let threw = '';
  try {
    await esbuild.transform('const x = await import("node:fs");\nexport { x };', {
      loader: 'js',
      format: 'cjs',
      logLevel: 'silent',
    });
  } catch (e) {
    threw = e instanceof Error ? e.message : String(e);
  }
  assert.match(threw, /top-level await/i);
  assert.ok(isBuiltin('node:fs') && isBuiltin('fs') && isBuiltin('worker_threads'));
  assert.ok(/\beval\s*\(/.test('x = eval ("1")'));
});

test.run();
