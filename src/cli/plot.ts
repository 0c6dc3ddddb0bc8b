// The loss curve as a standalone SVG: training loss per iteration on the left axis, the validation score
// (early stopping) on the right one, with ticks, axis labels, a title and a legend. Plain text, so the
// command line writes it to a file and the playground sets it into the page as it trains. Imports nothing.

/** What to draw. */
export interface LossCurve {
  loss: readonly number[];
  /** Validation score per iteration (early stopping), drawn on its own axis. */
  validation?: readonly number[] | null;
  title?: string;
  /** The last iteration of the x axis (e.g. maxIter while training); default: the curve's length. */
  xMax?: number;
  width?: number;
  height?: number;
}

const LOSS_COLOR = '#1f77b4';
const VALIDATION_COLOR = '#d62728';

/** About five round steps (1, 2, 2.5 or 5 times a power of ten) covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * p >= raw) as number) * p;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function label(v: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(1);
  return String(Number(v.toPrecision(4)));
}

function range(values: readonly number[]): [number, number] {
  let lo = Infinity,
    hi = -Infinity;
  for (const v of values)
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  if (lo === Infinity) return [0, 1];
  if (lo === hi) return [lo - (Math.abs(lo) || 1) * 0.05, hi + (Math.abs(hi) || 1) * 0.05];
  const pad = (hi - lo) * 0.05;
  return [lo - pad, hi + pad];
}

/** The SVG document (with its xmlns, so it opens alone in a browser). */
export function lossCurveSvg(curve: LossCurve): string {
  const W = curve.width ?? 640,
    H = curve.height ?? 360;
  const validation = curve.validation ?? null;
  const left = 70,
    right = validation === null ? 20 : 70,
    top = 58,
    bottom = 50;
  const pw = W - left - right,
    ph = H - top - bottom;
  const n = curve.loss.length;
  const xMax = Math.max(curve.xMax ?? n, n, 2);
  const xs = (i: number) => left + ((i - 1) / (xMax - 1)) * pw;
  const [lLo, lHi] = range(curve.loss);
  const ly = (v: number) => top + ph - ((v - lLo) / (lHi - lLo)) * ph;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${escapeXml(curve.title ?? 'Training loss')}</text>`,
  );
  // Grid, ticks and tick labels.
  for (const t of niceTicks(1, xMax)) {
    if (!Number.isInteger(t)) continue;
    const x = xs(t).toFixed(1);
    out.push(
      `<line x1="${x}" y1="${top}" x2="${x}" y2="${top + ph}" stroke="#eee"/>`,
      `<text x="${x}" y="${top + ph + 16}" text-anchor="middle">${t}</text>`,
    );
  }
  for (const t of niceTicks(lLo, lHi)) {
    const y = ly(t).toFixed(1);
    out.push(
      `<line x1="${left}" y1="${y}" x2="${left + pw}" y2="${y}" stroke="#eee"/>`,
      `<text x="${left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle" fill="${LOSS_COLOR}">${label(t)}</text>`,
    );
  }
  // Axes and their labels.
  out.push(
    `<line x1="${left}" y1="${top + ph}" x2="${left + pw}" y2="${top + ph}" stroke="#333"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + ph}" stroke="#333"/>`,
    `<text x="${left + pw / 2}" y="${H - 12}" text-anchor="middle">iteration</text>`,
    `<text transform="translate(16 ${top + ph / 2}) rotate(-90)" text-anchor="middle" fill="${LOSS_COLOR}">training loss</text>`,
  );
  const points = (vals: readonly number[], y: (v: number) => number) =>
    vals
      .map((v, i) => (Number.isFinite(v) ? `${xs(i + 1).toFixed(1)},${y(v).toFixed(1)}` : ''))
      .filter((p) => p !== '')
      .join(' ');
  out.push(
    `<polyline class="loss" fill="none" stroke="${LOSS_COLOR}" stroke-width="2" points="${points(curve.loss, ly)}"/>`,
  );
  if (validation !== null) {
    const [vLo, vHi] = range(validation);
    const vy = (v: number) => top + ph - ((v - vLo) / (vHi - vLo)) * ph;
    for (const t of niceTicks(vLo, vHi))
      out.push(
        `<text x="${left + pw + 6}" y="${vy(t).toFixed(1)}" dominant-baseline="middle" fill="${VALIDATION_COLOR}">${label(t)}</text>`,
      );
    out.push(
      `<line x1="${left + pw}" y1="${top}" x2="${left + pw}" y2="${top + ph}" stroke="#333"/>`,
      `<text transform="translate(${W - 14} ${top + ph / 2}) rotate(90)" text-anchor="middle" fill="${VALIDATION_COLOR}">validation score</text>`,
      `<polyline class="validation" fill="none" stroke="${VALIDATION_COLOR}" stroke-width="2" stroke-dasharray="6 3" points="${points(validation, vy)}"/>`,
    );
  }
  // Legend: one row between the title and the plot, ending at the plot's right edge (never over a curve).
  const entries: Array<[string, string, string]> = [['training loss', LOSS_COLOR, '']];
  if (validation !== null) entries.push(['validation score', VALIDATION_COLOR, ' stroke-dasharray="6 3"']);
  const entryWidth = 140;
  entries.forEach(([name, color, dash], k) => {
    const y = top - 18;
    const x = left + pw - entryWidth * (entries.length - k);
    out.push(
      `<line x1="${x}" y1="${y}" x2="${x + 24}" y2="${y}" stroke="${color}" stroke-width="2"${dash}/>`,
      `<text x="${x + 30}" y="${y}" dominant-baseline="middle">${name}</text>`,
    );
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
