// What a user installs: npm pack, the tarball installed into an empty project with --omit=optional, its files,
// install scripts, native code, publint, attw, import and require of every subpath, and the smoke from the package.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import {
  bundleEntries,
  compare,
  GEMM_F64_WASM_EXPORT,
  GEMM_WASM_EXPORT,
  listFiles,
  mustRun,
  once,
  parseSmoke,
  PKG,
  preparePackage,
  referenceRun,
  ROOT,
  specifierOf,
  SUBPATHS,
  treeBytes,
} from '../../scripts/portability/harness.ts';
import type { SmokeResult } from '../../scripts/portability/smoke.ts';

const TOL = 1e-5;
const LIFECYCLE = ['preinstall', 'install', 'postinstall', 'prepare'];
const MAGIC: Array<[string, number[]]> = [
  ['ELF', [0x7f, 0x45, 0x4c, 0x46]],
  ['Mach-O', [0xcf, 0xfa, 0xed, 0xfe]],
  ['Mach-O', [0xfe, 0xed, 0xfa, 0xcf]],
  ['Mach-O universal', [0xca, 0xfe, 0xba, 0xbe]],
  ['PE (Windows)', [0x4d, 0x5a]],
];

const packed = once(async () => {
  const p = preparePackage();
  for (const line of p.log) console.log(line);
  return p;
});
const reference = once(() => referenceRun('default'));
let requireWorks = false;

function head(file: string, n: number): number[] {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const got = readSync(fd, buf, 0, n, 0);
    return [...buf.subarray(0, got)];
  } finally {
    closeSync(fd);
  }
}

test('the tarball holds only dist/ (JavaScript, types, gemm.wasm and gemm-f64.wasm), README.md, LICENSE and package.json', async () => {
  const { files } = await packed();
  const wasm = ['dist/gemm.wasm', 'dist/gemm-f64.wasm'];
  const stray = files.filter(
    (f) => !/^dist\/.+\.(js|d\.ts)$/.test(f) && ![...wasm, 'README.md', 'LICENSE', 'package.json'].includes(f),
  );
  assert.equal(stray, [], `files outside dist/README/LICENSE/package.json: ${stray.join(', ')}`);
  const testsOrBench = files.filter((f) =>
    /(^|\/)(tests?|bench|benchmarks?|fixtures|examples)\/|\.(test|spec|bench)\.|\.ts$(?<!\.d\.ts)/.test(f),
  );
  assert.equal(testsOrBench, [], `tests, benchmarks or sources in the tarball: ${testsOrBench.join(', ')}`);
  for (const sub of SUBPATHS) {
    const target = PKG.exports[sub] as { default: string; types: string };
    assert.ok(
      files.includes(target.default.slice(2)) && files.includes(target.types.slice(2)),
      `exports['${sub}'] points at files the tarball lacks: ${JSON.stringify(target)}`,
    );
  }
  assert.is(PKG.exports[GEMM_WASM_EXPORT], './dist/gemm.wasm');
  assert.is(PKG.exports[GEMM_F64_WASM_EXPORT], './dist/gemm-f64.wasm');
  for (const f of wasm) assert.ok(files.includes(f), `the tarball lacks ${f}`);
  console.log(
    `tarball: ${files.length} files (${files.filter((f) => f.endsWith('.js')).length} .js, ${files.filter((f) => f.endsWith('.d.ts')).length} .d.ts)`,
  );
});

test("'scikeras-ts/gemm.wasm' and 'scikeras-ts/gemm-f64.wasm' resolve in the installed package to the GEMM modules this source emits (fingerprint section included)", async () => {
  const { consumer } = await packed();
  const { gemmModuleFile } = await import('../../src/tensor/wasm/index.ts');
  for (const [sub, kind] of [
    [GEMM_WASM_EXPORT, 'float32'],
    [GEMM_F64_WASM_EXPORT, 'float64'],
  ] as const) {
    const resolved = mustRun(
      process.execPath,
      ['--input-type=module', '-e', `console.log(import.meta.resolve(${JSON.stringify(specifierOf(sub))}))`],
      consumer,
    ).trim();
    assert.ok(resolved.endsWith(`/node_modules/scikeras-ts/dist/${sub.slice(2)}`), resolved);
    const installed = readFileSync(new URL(resolved));
    assert.equal([...installed], [...gemmModuleFile(kind)], `dist/${sub.slice(2)} differs from what the sources emit`);
    assert.ok(
      (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly.validate(installed),
    );
    console.log(`${specifierOf(sub)}: ${installed.length} bytes (${kind})`);
  }
});

test('installed with --omit=optional: no install scripts, no native binaries, only pure-JS dependencies, no gpu.js', async () => {
  const { consumer } = await packed();
  const modules = join(consumer, 'node_modules');
  const all = listFiles(modules);
  // A package's own manifest: node_modules/<name>/package.json or node_modules/@scope/<name>/package.json.
  const isPackageDir = (d: string) =>
    basename(dirname(d)) === 'node_modules' ||
    (basename(dirname(d)).startsWith('@') && basename(dirname(dirname(d))) === 'node_modules');
  const manifests = all.filter((f) => basename(f) === 'package.json' && isPackageDir(dirname(f)));
  const names: string[] = [];
  const scripts: string[] = [];
  for (const m of manifests) {
    const pkg = JSON.parse(readFileSync(m, 'utf8')) as {
      name: string;
      version: string;
      scripts?: Record<string, string>;
      gypfile?: boolean;
    };
    names.push(`${pkg.name}@${pkg.version}`);
    for (const s of LIFECYCLE) if (pkg.scripts?.[s] !== undefined) scripts.push(`${pkg.name}: ${s}: ${pkg.scripts[s]}`);
    if (pkg.gypfile === true || existsSync(join(dirname(m), 'binding.gyp')))
      scripts.push(`${pkg.name}: binding.gyp (npm runs node-gyp rebuild)`);
  }
  const native: string[] = [];
  for (const f of all) {
    if (f.endsWith('.node')) native.push(`${relative(modules, f)} (.node addon)`);
    const h = head(f, 4);
    for (const [kind, magic] of MAGIC)
      if (magic.every((b, i) => h[i] === b)) native.push(`${relative(modules, f)} (${kind})`);
  }
  const bytes = treeBytes(modules);
  console.log(
    `install footprint: ${names.length} packages (${names.sort().join(', ')}), ${all.length} files, ${bytes} bytes (${(bytes / 1024).toFixed(0)} KiB)`,
  );
  assert.equal(scripts, [], `install scripts: ${scripts.join('; ')}`);
  assert.equal(native, [], `native binaries: ${native.join('; ')}`);
  assert.ok(
    names.some((n) => n.startsWith(`${PKG.name}@`)),
    'the package itself is not installed',
  );
  assert.not.ok(
    names.some((n) => n.startsWith('gpu.js@') || n.startsWith('gl@') || n.startsWith('webgpu@')),
    `an optional peer arrived: ${names.join(', ')}`,
  );
  for (const dep of Object.keys(PKG.dependencies ?? {}))
    assert.ok(
      names.some((n) => n.startsWith(`${dep}@`)),
      `runtime dependency ${dep} is not installed`,
    );
});

test('publint (strict, suggestions included) finds nothing in the tarball', async () => {
  const { tarball } = await packed();
  const { publint } = await import('publint');
  const { formatMessage } = await import('publint/utils');
  const buf = readFileSync(tarball);
  const r = await publint({
    pack: { tarball: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer },
    level: 'suggestion',
    strict: true,
  });
  const messages = r.messages.map((m) => `${m.type}: ${formatMessage(m, r.pkg) ?? m.code}`);
  assert.equal(messages, [], messages.join('\n'));
});

test('Node 20: import() of every subpath from .mjs and require() of every subpath from .cjs give the same exports', async () => {
  const { consumer } = await packed();
  const specs = SUBPATHS.map(specifierOf);
  writeFileSync(
    join(consumer, 'subpaths.mjs'),
    `const out = {};\nfor (const s of ${JSON.stringify(specs)}) out[s] = Object.keys(await import(s)).sort();\nconsole.log(JSON.stringify(out));\n`,
  );
  writeFileSync(
    join(consumer, 'subpaths.cjs'),
    `const out = {};\nfor (const s of ${JSON.stringify(specs)}) out[s] = Object.keys(require(s)).filter((k) => k !== '__esModule' && k !== 'module.exports').sort();\nconsole.log(JSON.stringify(out));\n`,
  );
  const esm = JSON.parse(mustRun(process.execPath, ['subpaths.mjs'], consumer)) as Record<string, string[]>;
  const cjs = JSON.parse(mustRun(process.execPath, ['subpaths.cjs'], consumer)) as Record<string, string[]>;
  for (const s of specs) {
    assert.ok((esm[s]?.length ?? 0) > 0, `import('${s}') exports nothing`);
    assert.equal(cjs[s], esm[s], `require('${s}') and import('${s}') differ`);
  }
  requireWorks = true;
  console.log(
    `node ${process.versions.node}: ${specs.map((s) => `${s} (${esm[s]?.length})`).join(', ')} by import and require`,
  );
});

test('attw (node16 profile, the .wasm files set aside): the only notes are CJS-resolves-to-ESM, accepted because require(esm) works on Node 20', async () => {
  const { tarball } = await packed();
  const cli = join(ROOT, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js');
  // attw exits before a pipe drains (its JSON, over 200 KB with every subpath, arrived cut short): it writes to a file.
  const out = join(dirname(tarball), 'attw.json');
  const fd = openSync(out, 'w');
  try {
    // The .wasm files are WebAssembly, not modules with types: the host's bundler gives it its type (workers-types: WebAssembly.Module).
    const args = ['--format', 'json', '--profile', 'node16', '--no-color', '--exclude-entrypoints'];
    args.push(GEMM_WASM_EXPORT, GEMM_F64_WASM_EXPORT);
    spawnSync(process.execPath, [cli, tarball, ...args], {
      cwd: dirname(tarball),
      stdio: ['ignore', fd, 'pipe'],
      timeout: 180_000,
    });
  } finally {
    closeSync(fd);
  }
  const report = JSON.parse(readFileSync(out, 'utf8')) as {
    analysis?: { problems?: Array<{ kind: string; entrypoint?: string; resolutionKind?: string }> };
  };
  // The JSON lists every resolution; the node16 profile sets aside TypeScript's legacy node10 resolution
  // (no exports map, deprecated), where subpath types need a typesVersions map.
  const all = report.analysis?.problems ?? [];
  const problems = all.filter((p) => p.resolutionKind !== 'node10');
  const cjsNotes = problems.filter((p) => p.kind === 'CJSResolvesToESM');
  const others = problems.filter((p) => p.kind !== 'CJSResolvesToESM');
  assert.equal(others, [], `attw problems: ${JSON.stringify(others)}`);
  if (cjsNotes.length > 0)
    assert.ok(
      requireWorks,
      `attw reports CJSResolvesToESM for ${cjsNotes.map((p) => p.entrypoint).join(', ')} and require(esm) was not shown to work`,
    );
  console.log(
    `attw: ${cjsNotes.length} CJSResolvesToESM notes (${cjsNotes.map((p) => p.entrypoint).join(', ')}), accepted: require() of each works on node ${process.versions.node}; ${all.length - problems.length} node10 notes set aside by the profile (${all
      .filter((p) => p.resolutionKind === 'node10')
      .map((p) => `${p.kind} ${p.entrypoint}`)
      .join(', ')})`,
  );
});

async function smokeIn(format: 'esm' | 'cjs'): Promise<SmokeResult> {
  const { consumer } = await packed();
  await bundleEntries(
    await packed(),
    { [`smoke-${format}`]: 'entry-print.ts' },
    {
      packageExternal: true,
      platform: 'node',
      format,
      outdir: consumer,
      outExtension: { '.js': format === 'esm' ? '.mjs' : '.cjs' },
    },
  );
  const file = `smoke-${format}.${format === 'esm' ? 'mjs' : 'cjs'}`;
  const source = readFileSync(join(consumer, file), 'utf8');
  assert.match(
    source,
    format === 'esm' ? /from "scikeras-ts"/ : /require\("scikeras-ts"\)/,
    `${file} must load the installed package, not a bundled copy`,
  );
  return parseSmoke(mustRun(process.execPath, [file], consumer), `node ${file}`);
}

for (const format of ['esm', 'cjs'] as const) {
  test(`smoke in Node (${format === 'esm' ? 'ESM import' : 'CommonJS require'}) from the installed package equals the run from source`, async () => {
    const got = await smokeIn(format);
    const ref = await reference();
    const c = compare(got, ref);
    console.log(`node ${format}: ${c.text}`);
    assert.ok(got.accuracy >= 0.9, `accuracy ${got.accuracy}`);
    assert.ok(c.labelsEqual, `labels ${JSON.stringify(got.labels)} vs ${JSON.stringify(ref.labels)}`);
    assert.ok(c.maxProbaDiff <= TOL, `max |dproba| ${c.maxProbaDiff} > ${TOL}`);
    assert.is(got.backend.backend, ref.backend.backend);
    assert.ok(c.bitsEqual, 'the same kernels on the same Node must give the same bits');
  });
}

test.run();
