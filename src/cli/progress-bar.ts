// Training progress for a terminal: a bar redrawn in place on a TTY, else one line per 10% of the iterations
// (logs of CI jobs stay short). Writes through the sink it is given. Portable; imports the report type only.

import type { IterationReport } from './progress.ts';

/** Where progress goes: a write function and whether it is a terminal (then the bar redraws in place). */
export interface ProgressSink {
  write(text: string): void;
  tty: boolean;
  /** The terminal's width (TTY). */
  columns?: number;
}

export interface ProgressBar {
  update(r: IterationReport): void;
  /** Ends the display (a TTY gets its newline; elsewhere a fit that stopped early gets its last line). */
  done(): void;
}

function describeIteration(r: IterationReport, total: number): string {
  const val = r.validationScore === null ? '' : `, validation score ${r.validationScore.toFixed(4)}`;
  return `iteration ${r.iteration}/${total}, loss ${r.loss.toPrecision(5)}${val}`;
}

/** A progress display for `total` iterations. */
export function progressBar(total: number, sink: ProgressSink): ProgressBar {
  let lastTenth = 0;
  let drawn = false;
  let lastPercent = -1;
  let lastDraw = 0;
  let last: IterationReport | null = null;
  let printed: IterationReport | null = null;
  return {
    update(r) {
      last = r;
      const fraction = Math.min(1, r.iteration / total);
      const percent = Math.floor(fraction * 100);
      if (sink.tty) {
        // Redraw when the percent moves, at most every 50 ms otherwise (thousands of fast iterations).
        const now = Date.now();
        if (percent === lastPercent && now - lastDraw < 50 && r.iteration < total) return;
        lastPercent = percent;
        lastDraw = now;
        const text = ` ${String(percent).padStart(3)}% ${describeIteration(r, total)}`;
        const width = Math.max(10, Math.min(40, (sink.columns ?? 80) - text.length - 3));
        const filled = Math.round(fraction * width);
        sink.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]${text}\x1b[K`);
        drawn = true;
        return;
      }
      const tenth = Math.floor(fraction * 10);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        sink.write(`${String(tenth * 10).padStart(3)}% ${describeIteration(r, total)}\n`);
        printed = r;
      }
    },
    done() {
      if (sink.tty && drawn) sink.write('\n');
      // A fit that stopped before maxIter (tol, early stopping) ends between two tenths: its last line says where.
      else if (!sink.tty && last !== null && last !== printed)
        sink.write(
          `${String(Math.floor((100 * last.iteration) / total)).padStart(3)}% ${describeIteration(last, total)} (stopped)\n`,
        );
    },
  };
}
