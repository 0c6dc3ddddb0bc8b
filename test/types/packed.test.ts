// The type-level suite against what users install: the example programs of test/types/programs (also
// checked against src by `npm run typecheck`) compiled by tsc in a consumer project that imports the packed
// package's .d.ts files, under strict, exactOptionalPropertyTypes and module nodenext. Every
// `// @ts-expect-error` line in them must still be an error there, and nothing else may be.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { preparePackage, ROOT, run } from '../../scripts/portability/harness.ts';

test('the example programs type-check against the packed package (strict, exactOptionalPropertyTypes, nodenext)', () => {
  const { consumer } = preparePackage();
  const dir = join(consumer, 'type-programs');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const programs = readdirSync(join(ROOT, 'test', 'types', 'programs')).filter((f) => f.endsWith('.ts'));
  assert.ok(programs.length >= 4, programs.join(', '));
  for (const f of programs) cpSync(join(ROOT, 'test', 'types', 'programs', f), join(dir, f));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: ['ES2022'],
        types: [],
        strict: true,
        exactOptionalPropertyTypes: true,
        noImplicitOverride: true,
        noEmit: true,
        // The installed .d.ts files are checked too: a declaration that only compiles with skipLibCheck is a bug.
        skipLibCheck: false,
      },
      include: ['*.ts'],
    }),
  );
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = run(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], dir);
  assert.is(r.status, 0, `tsc over the installed package:\n${r.stdout}${r.stderr}`);
});

test.run();
