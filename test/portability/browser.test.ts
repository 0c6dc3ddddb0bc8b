// A real browser (Debian's chromium, or the one from the @sparticuz/chromium dev dependency: chromium.ts), headless
// through playwright-core, loads an esbuild bundle of the installed package from a localhost page; the smoke runs on
// the main thread, in a Web Worker, under a strict CSP, and via gpu.js webgl2.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import type { Page } from 'playwright-core';
import { bundleEntries, compare, once, preparePackage, referenceRun, ROOT } from '../../scripts/portability/harness.ts';
import type { SmokeResult } from '../../scripts/portability/smoke.ts';
import type { GpuCheck, ThreadsCheck } from '../../scripts/portability/entry-browser.ts';
import { closeAll, FLAGS, launch, npmChromium, type Session } from '../../scripts/portability/chromium.ts';

/** Software WebGL2 through ANGLE's SwiftShader, tried when the plain flags give no WebGL2 context. */
const SWIFTSHADER = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'];
const TOL = 1e-5;
// No 'wasm-unsafe-eval' and no 'unsafe-eval': WebAssembly compilation and eval are blocked, as on a locked-down site.
const STRICT_CSP = "default-src 'self'; script-src 'self'; worker-src 'self'";

const HTML =
  '<!doctype html><meta charset="utf-8"><title>scikeras-ts portability</title><link rel="icon" href="data:,"><script type="module" src="./entry-browser.js"></script>';
const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.map': 'application/json',
};

const setup = once(async () => {
  const packed = preparePackage();
  // gpu.js is an optional peer the page's author installs; here it comes from the repo's dev dependencies.
  const { outdir, metafile } = await bundleEntries(
    packed,
    { 'entry-browser': 'entry-browser.ts', 'entry-worker': 'entry-worker.ts' },
    {
      platform: 'browser',
      splitting: true,
      nodePaths: [join(ROOT, 'node_modules')],
      mainFields: ['browser', 'module', 'main'],
    },
  );
  writeFileSync(join(outdir, 'index.html'), HTML);
  const server = await serve(outdir);
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the http server has no port');
  const bytes = Object.values(metafile.outputs).reduce((s, o) => s + o.bytes, 0);
  console.log(
    `page bundle: ${Object.keys(metafile.outputs).length} files, ${(bytes / 1024).toFixed(0)} KB (gpu.js in a lazy chunk), served on http://127.0.0.1:${address.port}/`,
  );
  return { server, base: `http://127.0.0.1:${address.port}` };
});

function serve(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const csp = url.pathname === '/csp.html';
    const isolated = url.pathname === '/isolated.html';
    const rel = url.pathname === '/' || csp || isolated ? 'index.html' : normalize(url.pathname).replace(/^\/+/, '');
    const file = join(dir, rel);
    if (rel.startsWith('..') || !existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    const headers: Record<string, string> = {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    };
    if (csp || req.headers.referer?.endsWith('/csp.html') === true) headers['content-security-policy'] = STRICT_CSP;
    // Cross-origin isolation (what SharedArrayBuffer, and so useThreads, needs in a page).
    if (isolated)
      Object.assign(headers, {
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
      });
    res.writeHead(200, headers).end(readFileSync(file));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

const mainSession = once(() => launch());

/** Opens a page, waits for the bundle, and fails with the page's own errors if it has any. */
async function open(session: Session, path: string): Promise<{ page: Page; errors: string[] }> {
  const { base } = await setup();
  const page = await session.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
  });
  await page.goto(`${base}${path}`);
  try {
    await page.waitForFunction(() => '__portability' in globalThis, undefined, { timeout: 30_000 });
  } catch (e) {
    throw new Error(`the page at ${path} never set up window.__portability: ${errors.join('; ') || String(e)}`);
  }
  return { page, errors };
}

const nodeDefault = once(() => referenceRun('default'));
const nodeTypescript = once(() => referenceRun('typescript'));

function check(got: SmokeResult, ref: SmokeResult, what: string): void {
  const c = compare(got, ref);
  console.log(`${what}: ${c.text}`);
  assert.ok(got.accuracy >= 0.9, `${what}: accuracy ${got.accuracy}`);
  assert.ok(c.labelsEqual, `${what}: labels ${JSON.stringify(got.labels)} vs Node ${JSON.stringify(ref.labels)}`);
  assert.ok(c.maxProbaDiff <= TOL, `${what}: max |dproba| ${c.maxProbaDiff} > ${TOL}`);
  // Same kernels, same seed: the issue asks for the same bits, not only closeness.
  assert.ok(c.bitsEqual, `${what}: the same ${got.backend.backend} kernels gave other bits than Node`);
}

async function versionOf(session: Session): Promise<string> {
  return (
    session.context.browser()?.version() ??
    (await (
      await session.context.newPage()
    ).evaluate(() => (globalThis as unknown as { navigator: { userAgent: string } }).navigator.userAgent))
  );
}

test("chromium starts headless (CHROMIUM_PATH, else Debian's, else the npm one; a browser that cannot start fails this test)", async () => {
  const session = await mainSession();
  const version = await versionOf(session);
  console.log(
    `chromium ${version} (${session.browser.source}: ${session.browser.executablePath}), flags ${session.flags.join(' ')}`,
  );
  assert.ok(version.length > 0);
});

test('main thread: the smoke matches Node (labels equal, probabilities within 1e-5)', async () => {
  const { page, errors } = await open(await mainSession(), '/');
  const got = JSON.parse(
    await page.evaluate(() => (globalThis as unknown as { __portability: { smoke(): string } }).__portability.smoke()),
  ) as SmokeResult;
  assert.ok(got.runtime.startsWith('browser main thread'), got.runtime);
  assert.is(got.backend.backend, 'wasm', `main thread backend ${JSON.stringify(got.backend)}`);
  check(got, await nodeDefault(), 'chromium main thread');
  assert.equal(errors, []);
  await page.close();
});

async function threadsOn(path: string): Promise<ThreadsCheck> {
  const { page, errors } = await open(await mainSession(), path);
  const got = JSON.parse(
    await page.evaluate(() =>
      (globalThis as unknown as { __portability: { threads(): Promise<string> } }).__portability.threads(),
    ),
  ) as ThreadsCheck;
  console.log(`chromium ${path}: useThreads ${JSON.stringify(got)}`);
  assert.equal(errors, []);
  await page.close();
  return got;
}

test('useThreads in a page without cross-origin isolation: one thread and the reason, no throw', async () => {
  const got = await threadsOn('/');
  assert.is(got.threads, 1);
  assert.match(got.reason ?? '', /cross-origin isolat/);
  assert.ok(got.same);
});

test('useThreads in a cross-origin isolated page: 2 threads (a Worker from a Blob URL), the main thread spins, the bits of one thread', async () => {
  assert.equal(await threadsOn('/isolated.html'), { threads: 2, reason: null, reported: 2, same: true });
});

test('Web Worker (module worker): the smoke matches Node', async () => {
  const { page, errors } = await open(await mainSession(), '/');
  const got = JSON.parse(
    await page.evaluate(() =>
      (globalThis as unknown as { __portability: { smokeInWorker(): Promise<string> } }).__portability.smokeInWorker(),
    ),
  ) as SmokeResult;
  assert.ok(got.runtime.startsWith('browser worker'), got.runtime);
  assert.is(got.backend.backend, 'wasm', `worker backend ${JSON.stringify(got.backend)}`);
  check(got, await nodeDefault(), 'chromium web worker');
  assert.equal(errors, []);
  await page.close();
});

test('strict CSP (no wasm-unsafe-eval): WebAssembly is refused, the TypeScript kernels train, backendInfo says why', async () => {
  const { page } = await open(await mainSession(), '/csp.html');
  const got = JSON.parse(
    await page.evaluate(() => (globalThis as unknown as { __portability: { smoke(): string } }).__portability.smoke()),
  ) as SmokeResult;
  assert.is(got.backend.backend, 'typescript', JSON.stringify(got.backend));
  assert.ok((got.backend.reason ?? '').length > 0, 'backendInfo() gives no reason');
  console.log(`chromium under CSP "${STRICT_CSP}": reason "${got.backend.reason}"`);
  check(got, await nodeTypescript(), 'chromium main thread, strict CSP');
  await page.close();
});

test('gpu.js webgl2 in the page: products match the TypeScript kernels, and an MLP trains through it', async () => {
  const attempts: string[] = [];
  let result: GpuCheck | null = null;
  for (const extra of [[], SWIFTSHADER]) {
    const session = extra.length === 0 ? await mainSession() : await launch(extra);
    const { page, errors } = await open(session, '/');
    const r = JSON.parse(
      await page.evaluate(() =>
        (globalThis as unknown as { __portability: { gpuCheck(): Promise<string> } }).__portability.gpuCheck(),
      ),
    ) as GpuCheck;
    await page.close();
    attempts.push(
      `flags [${session.flags.slice(FLAGS.length).join(' ') || 'plain'}]: renderer "${r.renderer}", ${r.available ? 'useGpu webgl2 ok' : `useGpu webgl2 refused: ${r.reason}`}${errors.length > 0 ? `, page errors: ${errors.join('; ')}` : ''}`,
    );
    if (r.available) {
      result = r;
      break;
    }
  }
  console.log(attempts.join('\n'));
  if (result === null) {
    console.log(
      `SKIPPED (webgl2 sub-check only): headless chromium gave no WebGL2 context gpu.js accepts with any flags tried:\n${attempts.join('\n')}`,
    );
    return;
  }
  assert.equal(result.info, { backend: 'gpu.js', mode: 'webgl2', threshold: 0 });
  for (const p of result.products ?? []) {
    const tol = 1e-6 * p.k; // operands in [-1, 1]: float32 rounding grows with the inner dimension
    console.log(
      `  gpu.js webgl2 ${p.m}x${p.k}x${p.n}${p.transA ? ' transA' : ''}${p.transB ? ' transB' : ''}: max |gpu - ts| ${p.maxAbsDiff.toExponential(2)} (tol ${tol.toExponential(1)})`,
    );
    assert.ok(
      p.maxAbsDiff <= tol,
      `gpu.js webgl2 matmul ${p.m}x${p.k}x${p.n} transA=${p.transA} transB=${p.transB}: max |diff| ${p.maxAbsDiff} > ${tol}`,
    );
  }
  const smoke = result.smoke as SmokeResult;
  const c = compare(smoke, await nodeTypescript());
  console.log(`  MLP through gpu.js webgl2: ${c.text}`);
  assert.ok(smoke.accuracy >= 0.9, `accuracy through gpu.js webgl2: ${smoke.accuracy}`);
  assert.ok(c.labelsEqual, 'labels through gpu.js webgl2 differ from the TypeScript kernels');
  assert.ok(c.maxProbaDiff <= 1e-3, `probabilities through gpu.js webgl2 differ by ${c.maxProbaDiff}`);
});

test("the Chromium from npm (@sparticuz/chromium, what a machine without Debian's gets) runs the smoke too", async () => {
  const main = await mainSession();
  if (main.browser.source === 'npm') {
    console.log('the main session already runs the npm Chromium: the tests above covered it');
    return;
  }
  const npm = await npmChromium();
  console.log(npm.log);
  const session = await launch([], npm);
  console.log(`npm chromium ${await versionOf(session)}`);
  const { page, errors } = await open(session, '/');
  const got = JSON.parse(
    await page.evaluate(() => (globalThis as unknown as { __portability: { smoke(): string } }).__portability.smoke()),
  ) as SmokeResult;
  assert.is(got.backend.backend, 'wasm', JSON.stringify(got.backend));
  check(got, await nodeDefault(), 'npm chromium main thread');
  assert.equal(errors, []);
  await page.close();
  await session.context.close();
});

test.after(async () => {
  await closeAll();
  const s = await setup().catch(() => null);
  s?.server.close();
});

test.run();
