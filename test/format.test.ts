// The code is formatted (Prettier, 120 columns: .prettierrc.json); `npm run format` fixes what this finds.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

test('every source, test, bench, script and example file is formatted (npm run format)', () => {
  const bin = createRequire(import.meta.url).resolve('prettier/bin/prettier.cjs');
  const r = spawnSync(process.execPath, [bin, '--list-different', '.'], { encoding: 'utf8' });
  const unformatted = r.stdout.split('\n').filter((l) => l.trim() !== '');
  assert.equal(unformatted, [], `run 'npm run format'; unformatted files:\n${unformatted.join('\n')}\n${r.stderr}`);
});

test.run();
