// Builds the playground: index.html and two esbuild bundles (the page, main.js; the training worker,
// worker.js) from the sources, the library included from src/ and the iris CSV inlined as text.
// Used by serve.ts (`npm run playground`) and the playground's browser test. Node-only.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PLAYGROUND = dirname(fileURLToPath(import.meta.url));

/** Writes the page into `outdir` (emptied first); returns the files and their bytes. */
export async function buildPlayground(outdir: string): Promise<Record<string, number>> {
  const esbuild = await import('esbuild');
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const r = await esbuild.build({
    entryPoints: { main: join(PLAYGROUND, 'src', 'main.ts'), worker: join(PLAYGROUND, 'src', 'worker.ts') },
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    // Code splitting keeps the library's lazily imported modules (datasets, threads) in chunks of their own,
    // instead of wrapping modules in lazy initializers that a side-effect-free re-export can skip.
    splitting: true,
    loader: { '.csv': 'text' },
    metafile: true,
    logLevel: 'warning',
  });
  copyFileSync(join(PLAYGROUND, 'index.html'), join(outdir, 'index.html'));
  const sizes: Record<string, number> = {};
  for (const [file, o] of Object.entries(r.metafile.outputs)) sizes[file.split('/').pop() as string] = o.bytes;
  return sizes;
}
