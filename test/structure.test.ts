// Architecture rules, checked on the source: modules are ranked and imports only flow down the ranks,
// with no runtime import cycle; model selection and pipelines never test a concrete estimator class;
// only src/gpu touches gpu.js; the core has no Node built-ins, eval, new Function or top-level await
// (src/threads alone loads worker_threads, through import() of a specifier bundlers cannot see; the command
// line's src/cli/node alone uses Node's built-ins and process, and src/cli is the top rank, so no library
// file reaches it), and no ES2022+ built-ins (Hermes lacks them); files stay small and only index.ts files
// merely re-export.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, dirname, resolve, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

/**
 * The module ranks, lowest first. A module may import its own files and modules of a lower rank;
 * modules of the same rank are independent of each other.
 */
const RANKS: ReadonlyArray<readonly string[]> = [
  ['core'],
  ['tensor'],
  ['autograd', 'gpu'],
  ['nn'],
  // interop reads estimators by their fitted attributes, never imports them: it shares their lowest rank.
  ['estimators/utils', 'interop'],
  ['estimators/base', 'estimators/metrics', 'datasets'],
  ['estimators/preprocessing', 'estimators/model-selection'],
  ['estimators/pipeline', 'estimators/wrappers', 'estimators/compose'],
  ['estimators/neural-network'],
  ['estimators/index'],
  // The opt-in thread pool: its GEMM workers use tensor, its fit workers (nJobs) restore estimators.
  ['threads'],
  ['index'],
  // The command line (a bin, built apart into dist/cli) and its portable parts the playground bundles.
  ['cli'],
];
/** The command line's Node layer (the bin's I/O and argument parsing): Node's built-ins are allowed there only. */
const CLI_NODE = 'src/cli/node/';
const rankOf = new Map<string, number>(RANKS.flatMap((mods, r) => mods.map((m) => [m, r] as [string, number])));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The module a source file belongs to: its top folder, or an estimators sub-folder (base.ts and index.ts alone). */
function moduleOf(file: string): string {
  const rel = relative(src, file).replace(/\.ts$/, '').split('/');
  if (rel.length === 1) return rel[0] as string;
  if (rel[0] === 'estimators') return rel.length === 2 ? `estimators/${rel[1]}` : `estimators/${rel[1]}`;
  return rel[0] as string;
}

interface Import {
  spec: string;
  typeOnly: boolean;
}

function importsOf(code: string): Import[] {
  const out: Import[] = [];
  const re = /(?:^|\n)\s*(import|export)(\s+type)?\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of code.matchAll(re)) {
    if (m[4] !== undefined) out.push({ spec: m[4], typeOnly: false });
    else out.push({ spec: m[3] as string, typeOnly: m[2] !== undefined });
  }
  return out;
}

const sources = files(src).map((f) => ({ file: f, code: readFileSync(f, 'utf8') }));

function rankViolations(): string[] {
  const bad: string[] = [];
  for (const { file, code } of sources) {
    const from = moduleOf(file);
    const fromRank = rankOf.get(from);
    if (fromRank === undefined) {
      bad.push(`${relative(root, file)}: module '${from}' has no rank (add it to RANKS)`);
      continue;
    }
    for (const { spec } of importsOf(code)) {
      if (!spec.startsWith('.')) continue;
      const to = moduleOf(resolve(dirname(file), spec));
      if (to === from) continue;
      const toRank = rankOf.get(to);
      if (toRank === undefined || toRank >= fromRank)
        bad.push(`${relative(root, file)} imports ${spec} (${from} -> ${to})`);
    }
  }
  return bad;
}

test('imports flow down the module ranks', () => {
  assert.equal(rankViolations(), []);
});

test('no runtime import cycle between files', () => {
  const graph = new Map<string, string[]>();
  for (const { file, code } of sources) {
    graph.set(
      file,
      importsOf(code)
        .filter((i) => !i.typeOnly && i.spec.startsWith('.'))
        .map((i) => resolve(dirname(file), i.spec)),
    );
  }
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const visit = (f: string, path: string[]): void => {
    if (state.get(f) === 'done') return;
    if (state.get(f) === 'open') {
      cycles.push([...path.slice(path.indexOf(f)), f].map((p) => relative(src, p)).join(' -> '));
      return;
    }
    state.set(f, 'open');
    for (const g of graph.get(f) ?? []) visit(g, [...path, f]);
    state.set(f, 'done');
  };
  for (const f of graph.keys()) visit(f, []);
  assert.equal(cycles, []);
});

test('the rule checkers catch what they are meant to catch', () => {
  assert.is(moduleOf(join(src, 'estimators', 'model-selection', 'search.ts')), 'estimators/model-selection');
  assert.is(moduleOf(join(src, 'estimators', 'base.ts')), 'estimators/base');
  assert.ok((rankOf.get('estimators/neural-network') as number) > (rankOf.get('estimators/model-selection') as number));
  assert.ok((rankOf.get('tensor') as number) < (rankOf.get('nn') as number));
  assert.equal(importsOf("import type { A } from './a.ts';\nimport { B } from '../b.ts';"), [
    { spec: './a.ts', typeOnly: true },
    { spec: '../b.ts', typeOnly: false },
  ]);
});

test('no instanceof of a concrete estimator outside its own module (model selection asks tags)', () => {
  const owner = new Map<string, string>();
  for (const { file, code } of sources) {
    if (!moduleOf(file).startsWith('estimators/')) continue;
    for (const m of code.matchAll(/export (?:abstract )?class (\w+)/g)) owner.set(m[1] as string, moduleOf(file));
  }
  const bad: string[] = [];
  for (const { file, code } of sources) {
    for (const m of code.matchAll(/instanceof\s+(\w+)/g)) {
      const home = owner.get(m[1] as string);
      if (home !== undefined && home !== moduleOf(file))
        bad.push(`${relative(root, file)}: instanceof ${m[1]} (a class of ${home})`);
    }
  }
  assert.equal(bad, []);
});

test('no Node built-ins, eval, new Function or top-level await in src/ (Node only in src/cli/node); gpu.js only in src/gpu', () => {
  const bad: string[] = [];
  for (const { file, code: raw } of sources) {
    const code = raw.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
    const rel = relative(root, file);
    // The command line's Node layer: the one place for Node's built-ins and process in src/.
    const nodeLayer = rel.startsWith(CLI_NODE);
    // src/threads holds the worker's own source as template text (it imports worker_threads inside the worker).
    for (const { spec } of importsOf(rel.startsWith('src/threads/') ? code.replace(/`[^`]*`/g, '``') : code)) {
      const builtins = ['fs', 'path', 'os', 'child_process', 'worker_threads', 'url', 'crypto', 'util'];
      if ((spec.startsWith('node:') || builtins.includes(spec)) && !nodeLayer) bad.push(`${rel}: imports ${spec}`);
      if (spec === 'gpu.js' && !rel.startsWith('src/gpu/')) bad.push(`${rel}: imports gpu.js outside src/gpu`);
    }
    // Node's worker_threads (and os, for the core count) only in src/threads, only through import() of a
    // specifier bundlers cannot see (so a browser bundle of the package still resolves).
    const nodeSpecs = [...code.matchAll(/['"](?:node:)?(worker_threads|os)['"]/g)].map((m) => m[1]);
    if (nodeSpecs.length > 0 && !rel.startsWith('src/threads/'))
      bad.push(`${rel}: names ${nodeSpecs.join(', ')} outside src/threads`);
    if (
      rel.startsWith('src/threads/') &&
      /import\(\s*['"]/.test(code.replace(/import\(\s*['"]\.\/[^'"]+['"]\s*\)/g, ''))
    )
      bad.push(`${rel}: import() of a literal package specifier`);
    if (/\beval\s*\(/.test(code)) bad.push(`${rel}: eval`);
    if (/new\s+Function\s*\(/.test(code)) bad.push(`${rel}: new Function`);
    if (/^await\s/m.test(code) || /^(?:const|let|var)\s+\w+\s*=\s*await\s/m.test(code))
      bad.push(`${rel}: top-level await`);
    if (!nodeLayer && /\b(?:process|Buffer|require)\s*[.(]/.test(code.replace(/globalThis as \{[^}]*\}/g, '')))
      bad.push(`${rel}: Node global (process/Buffer/require)`);
  }
  assert.equal(bad, []);
});

test("the command line's portable files (src/cli, which the playground bundles) never import its Node layer", () => {
  const bad: string[] = [];
  for (const { file, code } of sources) {
    const rel = relative(root, file);
    if (!rel.startsWith('src/cli/') || rel.startsWith(CLI_NODE)) continue;
    for (const { spec } of importsOf(code))
      if (spec.startsWith('.') && relative(root, resolve(dirname(file), spec)).startsWith(CLI_NODE))
        bad.push(`${rel} imports ${spec}`);
  }
  assert.equal(bad, []);
  assert.ok(
    sources.some((s) => relative(root, s.file).startsWith(CLI_NODE) && /from 'node:/.test(s.code)),
    'the check looks at no Node layer',
  );
});

test('source files stay under 600 lines, and only index.ts files merely re-export', () => {
  const bad: string[] = [];
  for (const { file, code } of sources) {
    const rel = relative(root, file);
    const lines = code.split('\n').length;
    if (lines > 600) bad.push(`${rel}: ${lines} lines`);
    const body = code
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .split('\n')
      .map((l) => l.replace(/\/\/.*$/, '').trim())
      .filter((l) => l !== '')
      .join(' ');
    const onlyReexports =
      body.length > 0 &&
      body.replace(/export\s+(?:type\s+)?(?:\*|\{[^}]*\})\s*(?:as\s+\w+\s+)?from\s+'[^']+';/g, '').trim() === '';
    if (onlyReexports && !file.endsWith('index.ts')) bad.push(`${rel}: only re-exports`);
  }
  assert.equal(bad, []);
});

/**
 * src/ type-checked against the ES2021 library instead of ES2022: every
 * diagnostic is a use of a newer built-in (`.at()`, `Object.hasOwn`,
 * `findLast`, ...). Types, not a regular expression, so our own methods named
 * `at` (ParameterGrid#at) pass. `planted` checks in-memory files instead (the self-test).
 */
function newerBuiltIns(planted: Record<string, string> | null = null): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (config === undefined) throw new Error('tsconfig.json did not parse');
  const options: ts.CompilerOptions = { ...config.options, lib: ['lib.es2021.d.ts'], noEmit: true, declaration: false };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  const extra = planted ?? {};
  host.getSourceFile = (name, lang, ...rest) =>
    extra[name] !== undefined ? ts.createSourceFile(name, extra[name] as string, lang) : read(name, lang, ...rest);
  const exists = host.fileExists.bind(host);
  host.fileExists = (name) => extra[name] !== undefined || exists(name);
  const program = ts.createProgram(planted === null ? config.fileNames : Object.keys(planted), options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where =
      d.file === undefined
        ? ''
        : `${relative(root, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: `;
    return `${where}${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}

test('no ES2022+ built-ins in src/ (.at(), Object.hasOwn, findLast, structuredClone, ...): src/ type-checks against lib ES2021', () => {
  assert.equal(newerBuiltIns(), []);
});

test('the ES2021 check catches .at(), Object.hasOwn, findLast, toSorted and structuredClone', () => {
  const planted = join(src, '__planted_es2022.ts');
  const found = newerBuiltIns({
    [planted]:
      'export const a = [1, 2].at(-1);\nexport const b = Object.hasOwn({}, "k");\nexport const c = [1].findLast((x) => x > 0);\nexport const d = [2, 1].toSorted();\nexport const e = structuredClone({});\n',
  });
  const lines = found.map((f) => (f.includes('__planted_es2022') ? Number(/:(\d+):/.exec(f)?.[1]) : f));
  assert.equal([...new Set(lines)].sort(), [1, 2, 3, 4, 5], found.join('\n'));
});

test.run();
