// Architecture rules: imports flow estimators -> nn -> autograd -> tensor;
// only src/gpu touches gpu.js; the core has no Node built-ins, eval or
// new Function, and no top-level await.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, dirname, resolve, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const rank: Record<string, number> = { tensor: 0, autograd: 1, nn: 2, estimators: 3, gpu: 3 };

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function layerOf(file: string): string | null {
  const rel = relative(src, file).split('/');
  return rel.length > 1 ? (rel[0] as string) : null;
}

function imports(code: string): string[] {
  const out: string[] = [];
  for (const m of code.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push((m[1] ?? m[2]) as string);
  return out;
}

test('imports only flow downward (estimators -> nn -> autograd -> tensor)', () => {
  const bad: string[] = [];
  for (const f of files(src)) {
    const from = layerOf(f);
    if (from === null) continue;
    for (const spec of imports(readFileSync(f, 'utf8'))) {
      if (!spec.startsWith('.')) continue;
      const to = layerOf(resolve(dirname(f), spec));
      if (to === null || to === from) continue;
      if ((rank[to] ?? -1) >= (rank[from] ?? 0)) bad.push(`${relative(root, f)} imports ${spec} (${from} -> ${to})`);
    }
  }
  assert.equal(bad, []);
});

test('the rule checker itself catches an upward import', () => {
  const fake = join(src, 'tensor', 'fake.ts');
  const to = layerOf(resolve(dirname(fake), '../nn/sequential.ts'));
  assert.is(to, 'nn');
  assert.ok((rank[to as string] as number) > (rank.tensor as number));
});

test('no Node built-ins, eval, new Function or top-level await in src/; gpu.js only in src/gpu', () => {
  const bad: string[] = [];
  for (const f of files(src)) {
    const code = readFileSync(f, 'utf8').replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
    const rel = relative(root, f);
    for (const spec of imports(code)) {
      if (spec.startsWith('node:') || ['fs', 'path', 'os', 'child_process', 'worker_threads', 'url', 'crypto', 'util'].includes(spec)) bad.push(`${rel}: imports ${spec}`);
      if (spec === 'gpu.js' && !rel.startsWith('src/gpu/')) bad.push(`${rel}: imports gpu.js outside src/gpu`);
    }
    if (/\beval\s*\(/.test(code)) bad.push(`${rel}: eval`);
    if (/new\s+Function\s*\(/.test(code)) bad.push(`${rel}: new Function`);
    if (/^await\s/m.test(code) || /^(?:const|let|var)\s+\w+\s*=\s*await\s/m.test(code)) bad.push(`${rel}: top-level await`);
    if (/\b(?:process|Buffer|require)\s*[.(]/.test(code.replace(/globalThis as \{[^}]*\}/g, ''))) bad.push(`${rel}: Node global (process/Buffer/require)`);
  }
  assert.equal(bad, []);
});

test.run();
