// `npm run playground`: builds the page into examples/playground/dist and serves that folder on
// http://localhost:$PORT (default 5173) with Node's http module; prints the URL. Node-only.
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPlayground, PLAYGROUND } from './build.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** Serves the files of `dir` (GET only, no listing, nothing outside it) on 127.0.0.1:`port` (0: any free port). */
export function servePlayground(dir: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const rel = path === '/' ? 'index.html' : normalize(decodeURIComponent(path)).replace(/^[/\\]+/, '');
    const file = join(dir, rel);
    if (req.method !== 'GET' || rel.startsWith('..') || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res
      .writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      })
      .end(readFileSync(file));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const port = Number(process.env['PORT'] ?? 5173);
  const out = join(PLAYGROUND, 'dist');
  const sizes = await buildPlayground(out);
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
  console.log(
    `built ${Object.entries(sizes)
      .map(([f, n]) => `${f} ${kb(n)}`)
      .join(', ')} into ${out}`,
  );
  try {
    await servePlayground(out, port);
  } catch (e) {
    console.error(
      `cannot serve on port ${port}: ${e instanceof Error ? e.message : String(e)} (set PORT to another one)`,
    );
    process.exit(1);
  }
  console.log(`scikeras-ts playground: http://localhost:${port}/ (Ctrl-C to stop)`);
}
