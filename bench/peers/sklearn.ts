// scikit-learn peer: drives bench/sklearn_peer.py (system python) over JSON lines,
// writing each matrix once as a raw float32 file in a temp folder. Imports Node built-ins and bench types.

import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Matrix } from '../data.ts';
import { ADAM_EPSILON, scoreSet } from '../workloads.ts';
import type { Availability, RunArgs, RunResult, Runner } from '../runner.ts';

/** The Debian python with python3-sklearn (not a pyenv python on PATH). */
export const SYSTEM_PYTHON = '/usr/bin/python3';

export interface SklearnInfo {
  python: string;
  sklearn: string;
  numpy: string;
  blas: { internal_api: string; version: string | null; num_threads: number; architecture?: string | null }[] | null;
}

interface FileRef {
  path: string;
  rows: number;
  cols: number;
}

type Reply = { ok: true; result: unknown } | { ok: false; error: string };

/** One long-lived python process; requests are answered in order. */
export class SklearnPeer {
  private readonly waiting: ((r: Reply) => void)[] = [];
  private readonly files = new WeakMap<Float32Array, FileRef>();
  private readonly dir = mkdtempSync(join(tmpdir(), 'scikeras-bench-'));
  private count = 0;
  private stderr = '';
  private exited = false;

  private constructor(private readonly proc: ChildProcessWithoutNullStreams) {
    createInterface({ input: proc.stdout }).on('line', (line) => this.waiting.shift()?.(JSON.parse(line) as Reply));
    proc.stderr.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-4000)));
    proc.on('exit', () => {
      this.exited = true;
      for (const w of this.waiting.splice(0))
        w({ ok: false, error: `python exited: ${this.stderr.trim() || 'no message'}` });
    });
  }

  /** Starts the peer, or returns why it cannot run (no python, no scikit-learn). */
  static async start(python: string = SYSTEM_PYTHON): Promise<{ peer: SklearnPeer; info: SklearnInfo } | string> {
    if (!existsSync(python)) return `${python} not found`;
    const probe = spawnSync(python, ['-c', 'import sklearn, numpy'], { encoding: 'utf8' });
    if (probe.status !== 0) return `scikit-learn is not importable by ${python} (apt install python3-sklearn)`;
    const script = fileURLToPath(new URL('../sklearn_peer.py', import.meta.url));
    const proc = spawn(python, [script], { stdio: ['pipe', 'pipe', 'pipe'] });
    const peer = new SklearnPeer(proc);
    try {
      return { peer, info: await peer.request<SklearnInfo>({ op: 'hello' }) };
    } catch (e) {
      peer.close();
      return `python peer failed to start: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  /** Sends one request and waits for its reply. */
  request<T>(msg: Record<string, unknown>): Promise<T> {
    if (this.exited) return Promise.reject(new Error(`python peer has exited: ${this.stderr.trim()}`));
    return new Promise<T>((resolve, reject) => {
      this.waiting.push((r) => (r.ok ? resolve(r.result as T) : reject(new Error(r.error))));
      this.proc.stdin.write(JSON.stringify(msg) + '\n');
    });
  }

  /** The path of `a` written as raw little-endian float32 (once per array). */
  file(a: Float32Array, rows: number, cols: number): FileRef {
    let ref = this.files.get(a);
    if (ref === undefined) {
      ref = { path: join(this.dir, `m${this.count++}.f32`), rows, cols };
      writeFileSync(ref.path, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
      this.files.set(a, ref);
    }
    return ref;
  }

  matrix(m: Matrix): { x: FileRef; y: FileRef } {
    return { x: this.file(m.x, m.rows, m.features), y: this.file(m.y, m.rows, 1) };
  }

  /** Ends python and removes the temp folder. */
  close(): void {
    if (!this.exited) this.proc.stdin.end(JSON.stringify({ op: 'quit' }) + '\n');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** MLPClassifier / MLPRegressor (solver adam) as a runner; float64 casts X first (scikit-learn then runs in float64) on `only`. */
export function sklearnRunner(
  peer: SklearnPeer,
  dtype: 'float32' | 'float64' = 'float32',
  only: readonly string[] | null = null,
): Runner {
  return {
    key: dtype === 'float64' ? 'scikit-learn/float64' : 'scikit-learn',
    framework: 'scikit-learn',
    variant: `MLPClassifier/MLPRegressor.fit · numpy${dtype === 'float64' ? ' float64' : ''}`,
    supports: (w) => only === null || only.includes(w.id) || `float64 rows run ${only.join(', ')} only`,
    async run({ workload: w, trainRows, seed }: RunArgs): Promise<RunResult> {
      const train = peer.matrix(w.train);
      const s = peer.matrix(scoreSet(w));
      const r = await peer.request<{ seconds: number; score: number; epochs: number }>({
        op: 'fit',
        workload: {
          task: w.task,
          kind: w.kind,
          hidden: w.hidden,
          batchSize: w.batchSize,
          epochs: w.epochs,
          learningRate: w.learningRate,
          epsilon: ADAM_EPSILON,
        },
        x: train.x,
        y: train.y,
        scoreX: s.x,
        scoreY: s.y,
        trainRows,
        seed,
        dtype,
      });
      if (r.epochs !== w.epochs) throw new Error(`scikit-learn ran ${r.epochs} of ${w.epochs} epochs`);
      return { seconds: r.seconds, score: r.score };
    },
  };
}

/** The scikit-learn runner and peer (for the matmul suite), or why it is skipped. */
export async function sklearnRunners(
  enabled: boolean,
  float64: readonly string[] = [],
): Promise<{ availability: Availability[]; peer: SklearnPeer | null; info: SklearnInfo | null }> {
  const skip = (reason: string) => ({
    availability: [
      {
        key: 'scikit-learn',
        framework: 'scikit-learn' as const,
        variant: 'MLPClassifier/MLPRegressor.fit · numpy',
        reason,
      },
    ],
    peer: null,
    info: null,
  });
  if (!enabled) return skip('disabled by options');
  const started = await SklearnPeer.start();
  if (typeof started === 'string') return skip(started);
  const availability: Availability[] = [{ runner: sklearnRunner(started.peer) }];
  if (float64.length > 0) availability.push({ runner: sklearnRunner(started.peer, 'float64', float64) });
  return { availability, peer: started.peer, info: started.info };
}
