// Cloudflare's workerd for test/portability: the binary from the `workerd` dev dependency (or, where npm skipped
// both its optional platform package and its postinstall, the same version installed into .tmp/runtimes/workerd),
// and `workerd serve` on a generated config, with the ports it bound read from its control descriptor.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Readable } from 'node:stream';
import { mustRun, ROOT, RUNTIMES_DIR } from './harness.ts';

/** The version the lockfile pins (workerd's npm version 1.YYYYMMDD.N reports itself as `workerd YYYY-MM-DD`). */
export function workerdVersion(): { npm: string; date: string } {
  const npm = (
    JSON.parse(readFileSync(join(ROOT, 'node_modules', 'workerd', 'package.json'), 'utf8')) as { version: string }
  ).version;
  const m = /^1\.(\d{4})(\d{2})(\d{2})\./.exec(npm);
  if (m === null) throw new Error(`workerd ${npm}: not the 1.YYYYMMDD.N version scheme`);
  return { npm, date: `${m[1]}-${m[2]}-${m[3]}` };
}

const PLATFORM_PACKAGE: Record<string, string> = {
  'linux-x64': 'linux-64',
  'linux-arm64': 'linux-arm64',
  'darwin-x64': 'darwin-64',
  'darwin-arm64': 'darwin-arm64',
  'win32-x64': 'windows-64',
};

function reports(bin: string, date: string): boolean {
  if (!existsSync(bin)) return false;
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 60_000 });
  return r.status === 0 && r.stdout.trim() === `workerd ${date}`;
}

/** A workerd binary of the pinned version that runs here. */
export function ensureWorkerd(): { bin: string; log: string } {
  const { npm, date } = workerdVersion();
  const fromDeps = join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'workerd.cmd' : 'workerd');
  if (reports(fromDeps, date)) return { bin: fromDeps, log: `workerd ${date} from the dev dependency` };
  const suffix = PLATFORM_PACKAGE[`${process.platform}-${process.arch}`];
  if (suffix === undefined) throw new Error(`workerd has no binary for ${process.platform}-${process.arch}`);
  const dir = join(RUNTIMES_DIR, 'workerd');
  const bin = join(
    dir,
    'node_modules',
    '@cloudflare',
    `workerd-${suffix}`,
    'bin',
    process.platform === 'win32' ? 'workerd.exe' : 'workerd',
  );
  if (reports(bin, date)) return { bin, log: `workerd ${date} from ${relative(ROOT, dir)}` };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'portability-workerd', private: true }, null, 2));
  const t0 = Date.now();
  mustRun(
    'npm',
    ['install', '--no-save', '--no-audit', '--no-fund', '--prefer-offline', `@cloudflare/workerd-${suffix}@${npm}`],
    dir,
    { timeoutMs: 300_000 },
  );
  if (!reports(bin, date))
    throw new Error(
      `installed @cloudflare/workerd-${suffix}@${npm} into ${dir}, but ${bin} does not report workerd ${date}`,
    );
  return {
    bin,
    log: `npm skipped workerd's binary (optional package and postinstall); installed @cloudflare/workerd-${suffix}@${npm} into ${relative(ROOT, dir)} in ${Date.now() - t0} ms`,
  };
}

/** One worker of the generated config: ES modules embedded from the config's folder, plain-text and data bindings. */
export interface WorkerSpec {
  name: string;
  modules: Array<{ name: string; kind: 'esModule' | 'wasm'; file: string }>;
  text?: Record<string, string>;
  data?: Record<string, string>;
}

/** A Cap'n Proto config serving each worker on its own socket at 127.0.0.1 on a port the kernel picks. */
export function workerdConfig(workers: WorkerSpec[], compatibilityDate: string): string {
  const q = JSON.stringify;
  const worker = (w: WorkerSpec) => {
    const modules = w.modules.map((m) => `(name = ${q(m.name)}, ${m.kind} = embed ${q(m.file)})`).join(', ');
    const bindings = [
      ...Object.entries(w.text ?? {}).map(([k, v]) => `(name = ${q(k)}, text = ${q(v)})`),
      ...Object.entries(w.data ?? {}).map(([k, f]) => `(name = ${q(k)}, data = embed ${q(f)})`),
    ].join(', ');
    return `(name = ${q(w.name)}, worker = (modules = [${modules}], bindings = [${bindings}], compatibilityDate = ${q(compatibilityDate)}))`;
  };
  return [
    'using Workerd = import "/workerd/workerd.capnp";',
    'const config :Workerd.Config = (',
    `  services = [${workers.map(worker).join(',\n    ')}],`,
    `  sockets = [${workers.map((w) => `(name = ${q(w.name)}, address = "127.0.0.1:0", http = (), service = ${q(w.name)})`).join(',\n    ')}],`,
    ');',
    '',
  ].join('\n');
}

export interface Served {
  /** Base URL per worker name. */
  urls: Record<string, string>;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * `workerd serve config.capnp --control-fd 3`: resolves once every socket
 * reported its port; rejects with workerd's output when it exits first or
 * takes longer than `timeoutMs`.
 */
export function serveWorkerd(
  bin: string,
  dir: string,
  configFile: string,
  sockets: string[],
  timeoutMs = 60_000,
): Promise<Served> {
  const child: ChildProcess = spawn(bin, ['serve', configFile, '--control-fd=3'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise<Served>((resolve, reject) => {
    const urls: Record<string, string> = {};
    let control = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      void stop().then(() => reject(new Error(`workerd serve ${configFile}: ${why}\n${out}`)));
    };
    const timer = setTimeout(() => fail(`no port for every socket within ${timeoutMs} ms`), timeoutMs);
    child.once('error', (e) => fail(`did not start: ${e.message}`));
    const early = (code: number | null, signal: string | null) => fail(`exited (${code ?? signal}) before it listened`);
    child.once('exit', early);
    (child.stdio[3] as Readable).on('data', (d: Buffer) => {
      control += d.toString();
      let nl: number;
      while ((nl = control.indexOf('\n')) >= 0) {
        const msg = JSON.parse(control.slice(0, nl)) as { event?: string; socket?: string; port?: number };
        control = control.slice(nl + 1);
        if (msg.event === 'listen' && msg.socket !== undefined && msg.port !== undefined)
          urls[msg.socket] = `http://127.0.0.1:${msg.port}`;
      }
      if (sockets.every((s) => urls[s] !== undefined)) {
        clearTimeout(timer);
        child.off('exit', early);
        resolve({ urls, output: () => out, stop });
      }
    });
  });
}
