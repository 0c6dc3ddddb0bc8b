// Builds the `scikeras-ts` executable: src/cli bundled by esbuild into one file, dist/cli/main.js, with a
// shebang. The library is not copied in: every import that leaves src/cli stays an import of the built
// file beside it (src/index.ts -> ../index.js), so the CLI adds nothing to the library's files or bundles.
// Run by `npm run build` after tsc has written dist/.
import { chmodSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'src', 'cli');
const OUTFILE = join(ROOT, 'dist', 'cli', 'main.js');

/** Imports of library files (outside src/cli) become imports of their built .js, relative to dist/cli/. */
const libraryExternal = {
  name: 'library-external',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const file = resolve(args.resolveDir, args.path);
      if (file.startsWith(CLI + '/')) return undefined;
      const rel = relative(CLI, file).split('\\').join('/').replace(/\.ts$/, '.js');
      return { path: rel.startsWith('.') ? rel : `./${rel}`, external: true };
    });
  },
};

const result = await esbuild.build({
  entryPoints: [join(CLI, 'node', 'main.ts')],
  outfile: OUTFILE,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  banner: { js: '#!/usr/bin/env node' },
  plugins: [libraryExternal],
  metafile: true,
  logLevel: 'warning',
});
chmodSync(OUTFILE, 0o755);
const inputs = Object.keys(result.metafile.inputs);
const bytes = Object.values(result.metafile.outputs).reduce((s, o) => s + o.bytes, 0);
console.log(`${relative(ROOT, OUTFILE)}: ${inputs.length} files of src/cli, ${(bytes / 1024).toFixed(1)} KB`);
