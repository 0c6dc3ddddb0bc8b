// Optional: onnx.checker.check_model(full_check=True) (Debian's python3-onnx) over an exported model of
// every kind; zipmap models without full_check (onnx 1.12's symbolic shape inference has no map types).
// Skipped when /usr/bin/python3 has no onnx package.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toOnnx } from '../../src/index.ts';
import { sequentialCases, estimatorCases } from '../helpers/interop-models.ts';

const PYTHON = '/usr/bin/python3';
const SCRIPT = new URL('../../scripts/fixtures/check_onnx.py', import.meta.url).pathname;
const available = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import onnx'], { encoding: 'utf8' }).status === 0;
const maybe = available ? test : test.skip;

maybe('onnx.checker (full_check) accepts every exported kind, float32 and float64, with and without zipmap', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scikeras-onnx-'));
  try {
    const files: string[] = [];
    const write = (name: string, bytes: Uint8Array, suffix = '.onnx') => {
      const f = join(dir, `${files.length}-${name.replace(/[^A-Za-z0-9]+/g, '_')}${suffix}`);
      writeFileSync(f, bytes);
      files.push(f);
    };
    for (const dtype of ['float32', 'float64'] as const) {
      for (const c of [...sequentialCases(dtype), ...estimatorCases(dtype)]) {
        write(c.name, toOnnx(c.target));
        if (c.kind === 'classifier') write(c.name, toOnnx(c.target, { zipmap: true }), '.zipmap.onnx');
      }
    }
    const r = spawnSync(PYTHON, [SCRIPT, ...files], { encoding: 'utf8' });
    assert.is(r.status, 0, r.stderr);
    const { onnx, results } = JSON.parse(r.stdout) as { onnx: string; results: Record<string, string> };
    const bad = Object.entries(results).filter(([, v]) => v !== 'ok');
    assert.equal(bad, [], `onnx ${onnx} checker`);
    assert.is(Object.keys(results).length, files.length);
    console.log(`onnx ${onnx} check_model: ${files.length} models ok (full_check=True; the zipmap ones without it)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
