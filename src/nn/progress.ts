// Keras-like progress output for verbose 1 and 2. Feature-detects a terminal
// through globalThis (no Node import), so it runs in browsers and workers too.

import type { Logs } from './callbacks.ts';
import { print } from '../core/warnings.ts';

interface Out {
  isTTY?: boolean;
  write(s: string): unknown;
}

function stdout(): Out | null {
  const p = (globalThis as { process?: { stdout?: Out } }).process;
  return p?.stdout && typeof p.stdout.write === 'function' ? p.stdout : null;
}

function fmtLogs(logs: Logs): string {
  return Object.entries(logs)
    .map(([k, v]) => `${k}: ${Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(4) : v.toExponential(3)}`)
    .join(' - ');
}

/** Prints progress: a live bar per epoch on a TTY at verbose 1, one line per epoch otherwise. */
export class Progress {
  private readonly out = stdout();
  private readonly tty: boolean;
  private start = 0;
  constructor(
    private readonly verbose: number,
    private readonly epochs: number,
    private readonly steps: number,
  ) {
    this.tty = verbose === 1 && this.out?.isTTY === true;
  }
  epochBegin(epoch: number): void {
    if (this.verbose === 0) return;
    this.start = Date.now();
    if (this.verbose === 1) this.line(`Epoch ${epoch + 1}/${this.epochs}`);
  }
  batchEnd(step: number, logs: Logs): void {
    if (!this.tty || this.out === null) return;
    const width = 30;
    const done = Math.round(((step + 1) / this.steps) * width);
    const bar = '='.repeat(Math.max(done - 1, 0)) + (done < width ? '>' : '=') + '.'.repeat(width - done);
    this.out.write(
      `\r${String(step + 1).padStart(String(this.steps).length)}/${this.steps} [${bar}] - ${fmtLogs(logs)}`,
    );
  }
  epochEnd(epoch: number, logs: Logs): void {
    if (this.verbose === 0) return;
    const ms = Date.now() - this.start;
    const text = `${this.steps}/${this.steps} - ${ms}ms - ${fmtLogs(logs)}`;
    if (this.tty && this.out !== null) this.out.write(`\r${text}\n`);
    else this.line(this.verbose === 1 ? text : `Epoch ${epoch + 1}/${this.epochs} - ${text}`);
  }
  private line(s: string): void {
    if (this.out !== null) this.out.write(s + '\n');
    else print(s);
  }
}
