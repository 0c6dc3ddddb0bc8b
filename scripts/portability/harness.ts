// Shared by test/portability: build + pack + install once per source state (cached), esbuild bundles of
// the smoke entries, the pinned Deno and Bun, the reference run from source and the comparison. Node-only.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions, Plugin } from 'esbuild';
import type { SmokeResult } from './smoke.ts';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const HERE = join(ROOT, 'scripts', 'portability');
export const IRIS_CSV = readFileSync(join(ROOT, 'examples', 'data', 'iris.csv'), 'utf8');
export const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  exports: Record<string, unknown>;
  dependencies?: Record<string, string>;
};
/** Every public subpath of the exports map ('.', './tensor', ...), package.json excluded. */
export const SUBPATHS = Object.keys(PKG.exports).filter((k) => k !== './package.json' && !k.endsWith('.wasm'));
/** The precompiled GEMM modules (useWasmModule) in the exports map: float32, and float64. */
export const GEMM_WASM_EXPORT = './gemm.wasm';
export const GEMM_F64_WASM_EXPORT = './gemm-f64.wasm';
export const specifierOf = (sub: string): string => (sub === '.' ? PKG.name : `${PKG.name}/${sub.slice(2)}`);

export const DENO_VERSION = '2.9.6';
export const BUN_VERSION = '1.4.5';
/** Pinned runtimes are installed here from npm on first use and reused (.tmp/ is git-ignored). */
export const RUNTIMES_DIR = join(ROOT, '.tmp', 'runtimes');

/**
 * The packed tarball and the consumer project live outside the repository, so
 * that Node's walk up the folders for node_modules can never reach the repo's
 * own dev dependencies: what resolves there is only what the tarball installed.
 */
export const WORK = join(
  tmpdir(),
  `scikeras-ts-portability-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}`,
);

/** The environment for child npm processes: none of the npm_* variables `npm test` exports (npm_config_local_prefix would point them at the repo). */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  return { ...env, ...extra };
}

export function run(
  cmd: string,
  args: string[],
  cwd: string,
  opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string } = {},
): { stdout: string; stderr: string; status: number | null; ms: number } {
  const t0 = Date.now();
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: opts.env ?? cleanEnv(),
    timeout: opts.timeoutMs ?? 180_000,
    maxBuffer: 64 << 20,
    input: opts.input,
  });
  if (r.error !== undefined)
    throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed to start or timed out: ${r.error.message}`);
  return { stdout: r.stdout, stderr: r.stderr, status: r.status, ms: Date.now() - t0 };
}

export function mustRun(cmd: string, args: string[], cwd: string, opts: Parameters<typeof run>[3] = {}): string {
  const r = run(cmd, args, cwd, opts);
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}
export { walk as listFiles };

// Everything the packed package is made from: a change to any of it rebuilds.
function sourceStamp(): string {
  const h = createHash('sha256');
  const inputs = [
    ...walk(join(ROOT, 'src')),
    ...[
      'package.json',
      'tsconfig.json',
      'tsconfig.build.json',
      'README.md',
      'LICENSE',
      'scripts/emit-gemm-wasm.mjs',
    ].map((f) => join(ROOT, f)),
  ];
  for (const f of inputs) h.update(relative(ROOT, f)).update('\0').update(readFileSync(f)).update('\0');
  return h.digest('hex');
}

export interface Packed {
  tarball: string;
  /** The empty project the tarball was installed into. */
  consumer: string;
  /** consumer/node_modules/scikeras-ts */
  pkgDir: string;
  /** Paths inside the tarball, as `npm pack --json` lists them. */
  files: string[];
  /** Whether this call reused an earlier build of the same sources. */
  reused: boolean;
  log: string[];
}

/**
 * `npm run build`, `npm pack`, and `npm install <tarball> --omit=optional` into
 * an empty project, once per state of the sources: the first portability test
 * of an `npm test` run pays for it, the rest reuse it.
 */
export function preparePackage(): Packed {
  const stamp = sourceStamp();
  const stampFile = join(WORK, 'stamp.json');
  const consumer = join(WORK, 'consumer');
  const pkgDir = join(consumer, 'node_modules', PKG.name);
  if (existsSync(stampFile)) {
    const prev = JSON.parse(readFileSync(stampFile, 'utf8')) as { stamp: string; tarball: string; files: string[] };
    if (prev.stamp === stamp && existsSync(prev.tarball) && existsSync(join(pkgDir, 'package.json'))) {
      return {
        tarball: prev.tarball,
        consumer,
        pkgDir,
        files: prev.files,
        reused: true,
        log: [`reused the build of ${stamp.slice(0, 12)} in ${WORK}`],
      };
    }
  }
  const log: string[] = [];
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(join(WORK, 'pack'), { recursive: true });
  let t0 = Date.now();
  mustRun('npm', ['run', 'build'], ROOT);
  log.push(`npm run build: ${Date.now() - t0} ms`);
  t0 = Date.now();
  const packOut = mustRun('npm', ['pack', '--json', '--pack-destination', join(WORK, 'pack')], ROOT);
  const packJson = JSON.parse(packOut.slice(packOut.indexOf('['))) as Array<{
    filename: string;
    size: number;
    unpackedSize: number;
    files: Array<{ path: string }>;
  }>;
  const entry = packJson[0];
  if (entry === undefined) throw new Error(`npm pack printed no package: ${packOut}`);
  const tarball = join(WORK, 'pack', entry.filename);
  log.push(
    `npm pack: ${entry.filename}, ${entry.size} B packed, ${entry.unpackedSize} B unpacked, ${entry.files.length} files, ${Date.now() - t0} ms`,
  );
  t0 = Date.now();
  mkdirSync(consumer, { recursive: true });
  writeFileSync(
    join(consumer, 'package.json'),
    JSON.stringify({ name: 'portability-consumer', private: true, type: 'module' }, null, 2),
  );
  mustRun('npm', ['install', tarball, '--omit=optional', '--no-audit', '--no-fund', '--prefer-offline'], consumer);
  log.push(`npm install <tarball> --omit=optional: ${Date.now() - t0} ms`);
  const files = entry.files.map((f) => f.path).sort();
  writeFileSync(stampFile, JSON.stringify({ stamp, tarball, files }));
  return { tarball, consumer, pkgDir, files, reused: false, log };
}

/**
 * The public entry a source path stands for: src/index.ts is the package root,
 * src/<sub>/index.ts its subpath './<sub>' when the exports map has it.
 */
function publicSpecifier(file: string): string | null {
  const rel = relative(join(ROOT, 'src'), file).split('\\').join('/');
  if (rel === 'index.ts') return PKG.name;
  const m = /^([\w-]+)\/index\.ts$/.exec(rel);
  return m !== null && SUBPATHS.includes(`./${m[1]}`) ? specifierOf(`./${m[1]}`) : null;
}

/**
 * The smoke entries import the library by its source entry points (so they
 * type-check without a build); this maps each to the installed package's
 * public specifier, bundled from the consumer's node_modules or left external.
 * Deeper source imports are refused: the entries see only the public API.
 */
function packagePlugin(consumer: string, external: boolean): Plugin {
  return {
    name: 'installed-scikeras-ts',
    setup(build) {
      build.onResolve({ filter: /\/src\// }, async (args) => {
        if (!args.importer.startsWith(HERE)) return undefined;
        const file = resolve(args.resolveDir, args.path);
        if (!file.startsWith(join(ROOT, 'src'))) return undefined;
        const spec = publicSpecifier(file);
        if (spec === null)
          return {
            errors: [
              {
                text: `${relative(ROOT, args.importer)} imports ${args.path}, which is no public entry point of ${PKG.name}`,
              },
            ],
          };
        if (external) return { path: spec, external: true };
        const r = await build.resolve(spec, { resolveDir: consumer, kind: args.kind });
        return r.errors.length > 0 ? { errors: r.errors } : { path: r.path };
      });
    },
  };
}

/**
 * Bundles smoke entries (scripts/portability/entry-*.ts) with esbuild. The iris
 * CSV is embedded through `define`. Their imports of the library become
 * `scikeras-ts` specifiers: `packageExternal` leaves those for the runtime to
 * resolve from node_modules (Node, Deno, Bun); otherwise the installed package
 * is bundled in (browser, vm).
 */
export async function bundleEntries(
  packed: Packed,
  entries: Record<string, string>,
  options: BuildOptions & { packageExternal?: boolean } = {},
): Promise<{ outdir: string; metafile: import('esbuild').Metafile }> {
  const esbuild = await import('esbuild');
  const { packageExternal = false, plugins = [], ...rest } = options;
  // A folder of its own is emptied first; a given one (the consumer project) is written into.
  const outdir = rest.outdir ?? join(WORK, 'bundles', Object.keys(entries).join('+'));
  if (rest.outdir === undefined) rmSync(outdir, { recursive: true, force: true });
  const r = await esbuild.build({
    entryPoints: Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, join(HERE, v)])),
    bundle: true,
    outdir,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2022',
    define: { __IRIS_CSV__: JSON.stringify(IRIS_CSV) },
    plugins: [packagePlugin(packed.consumer, packageExternal), ...plugins],
    metafile: true,
    logLevel: 'silent',
    ...rest,
  });
  return { outdir, metafile: r.metafile as import('esbuild').Metafile };
}

/** Parses the `SMOKE {json}` line an entry prints. */
export function parseSmoke(stdout: string, what: string): SmokeResult {
  const line = stdout.split('\n').find((l) => l.startsWith('SMOKE '));
  if (line === undefined) throw new Error(`${what}: no SMOKE line in its output:\n${stdout}`);
  return JSON.parse(line.slice(6)) as SmokeResult;
}

/**
 * The reference: the smoke run in this process from the TypeScript sources,
 * with the default CPU backend (WASM SIMD where it runs) or forced onto the
 * TypeScript kernels.
 */
export async function referenceRun(
  kernels: 'default' | 'typescript',
  dtype: 'float32' | 'float64' = 'float32',
): Promise<SmokeResult> {
  const lib = await import('../../src/index.ts');
  const { runSmoke } = await import('./smoke.ts');
  lib.forceCpuBackend(kernels === 'typescript' ? lib.typescriptBackend : null);
  try {
    return runSmoke(lib, IRIS_CSV, 0, dtype);
  } finally {
    lib.forceCpuBackend(null);
  }
}

export interface Comparison {
  labelsEqual: boolean;
  maxProbaDiff: number;
  /** Every probability has the same float64 bits (and the loss too). */
  bitsEqual: boolean;
  text: string;
}

/**
 * Labels must be equal and probabilities within `tol`; also says whether the bits are identical. Where
 * `got` fused multiply-add and `ref` did not, the bits compared are those of got's bit-exact rerun.
 */
export function compare(got: SmokeResult, ref: SmokeResult): Comparison {
  if (got.backend.fma === true && ref.backend.fma !== true) {
    if (got.exact === undefined)
      return {
        labelsEqual: false,
        maxProbaDiff: Infinity,
        bitsEqual: false,
        text: `${got.runtime}: fused kernels but no bit-exact rerun`,
      };
    const fused = compare({ ...got, backend: { ...got.backend, fma: false } }, ref);
    const plain = compare(
      { ...got, loss: got.exact.loss, proba: got.exact.proba, backend: { ...got.backend, fma: false } },
      ref,
    );
    return {
      ...fused,
      bitsEqual: plain.bitsEqual,
      text: `${fused.text}; relaxed-SIMD fma on, its bit-exact rerun: bits ${plain.bitsEqual ? 'identical' : 'differ'}`,
    };
  }
  const labelsEqual = got.labels.length === ref.labels.length && got.labels.every((l, i) => l === ref.labels[i]);
  let maxProbaDiff = got.proba.length === ref.proba.length ? 0 : Infinity;
  let bitsEqual = got.loss === ref.loss && maxProbaDiff === 0;
  got.proba.forEach((row, i) =>
    row.forEach((v, j) => {
      const w = ref.proba[i]?.[j] ?? NaN;
      if (!Object.is(v, w)) bitsEqual = false;
      maxProbaDiff = Math.max(maxProbaDiff, Number.isNaN(w) ? Infinity : Math.abs(v - w));
    }),
  );
  const seed =
    got.seed === null
      ? ''
      : `; seed workload ${got.seed.msPerEpoch.toFixed(2)} ms/epoch (${got.seed.epochs} epochs, train acc ${got.seed.accuracy.toFixed(3)})`;
  const text = `${got.runtime}: backend ${got.backend.backend}${got.backend.mode === null ? '' : `/${got.backend.mode}`}, accuracy ${got.accuracy.toFixed(4)}, labels ${labelsEqual ? 'equal' : 'DIFFER'}, max |dproba| ${maxProbaDiff.toExponential(2)}, bits ${bitsEqual ? 'identical' : 'differ'} (vs ${ref.runtime} ${ref.backend.backend}), ${got.ms} ms${seed}`;
  return { labelsEqual, maxProbaDiff, bitsEqual, text };
}

/** Installs the pinned Deno and Bun from npm into .tmp/runtimes once (their binaries come through optionalDependencies). */
export function ensureRuntimes(): { deno: string; bun: string; log: string } {
  const bin = (name: string) => join(RUNTIMES_DIR, 'node_modules', '.bin', name);
  const version = (name: string): string => {
    if (!existsSync(bin(name))) return '';
    const r = spawnSync(bin(name), ['--version'], { encoding: 'utf8' });
    return r.status === 0 ? r.stdout : '';
  };
  const ok = () => version('deno').includes(`deno ${DENO_VERSION}`) && version('bun').trim() === BUN_VERSION;
  let log = `deno ${DENO_VERSION} and bun ${BUN_VERSION} already in ${relative(ROOT, RUNTIMES_DIR)}`;
  if (!ok()) {
    mkdirSync(RUNTIMES_DIR, { recursive: true });
    // Its own package.json, so npm installs here and not into the repository above.
    writeFileSync(
      join(RUNTIMES_DIR, 'package.json'),
      JSON.stringify({ name: 'portability-runtimes', private: true }, null, 2),
    );
    const t0 = Date.now();
    mustRun(
      'npm',
      [
        'install',
        '--no-save',
        '--include=optional',
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        `deno@${DENO_VERSION}`,
        `bun@${BUN_VERSION}`,
      ],
      RUNTIMES_DIR,
      { timeoutMs: 300_000 },
    );
    if (!ok())
      throw new Error(
        `installed deno@${DENO_VERSION} and bun@${BUN_VERSION} into ${RUNTIMES_DIR}, but they do not run: deno '${version('deno')}', bun '${version('bun')}'`,
      );
    log = `installed deno ${DENO_VERSION} and bun ${BUN_VERSION} from npm into ${relative(ROOT, RUNTIMES_DIR)} in ${Date.now() - t0} ms`;
  }
  return { deno: bin('deno'), bun: bin('bun'), log };
}

/** Size in bytes of every file under `dir`. */
export function treeBytes(dir: string): number {
  return walk(dir).reduce((s, f) => s + statSync(f).size, 0);
}

/** Runs `fn` once per process and caches its promise (several tests of one file share a bundle or a browser). */
export function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | null = null;
  return () => (p ??= fn());
}
