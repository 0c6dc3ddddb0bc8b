// Hand-written SVG bar chart of scikeras-ts time / peer time per workload (log
// scale, bars grow from parity at 1). Pure string building; imports bench/result.ts.

import { PEERS, machineLine, ratioTable, type BenchResult } from './result.ts';

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The chart as a standalone SVG document (about 5 KB, no scripts, no external fonts). */
export function ratioChart(r: BenchResult): string {
  const groups = ratioTable(r);
  const W = 760,
    H = 420;
  const left = 64,
    right = 16,
    top = 78,
    bottom = 44;
  const plotW = W - left - right,
    plotH = H - top - bottom;
  const values = groups.flatMap((g) => Object.values(g.ratios)).filter((v) => v > 0);
  const lo = Math.min(-1, Math.floor(Math.log10(Math.min(...values, 1))));
  const hi = Math.max(1, Math.ceil(Math.log10(Math.max(...values, 1))));
  const y = (v: number): number => top + ((hi - Math.log10(v)) / (hi - lo)) * plotH;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif" font-size="12">`,
  );
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(
    `<text x="${left}" y="22" font-size="16" font-weight="600" fill="#222">scikeras-ts time / peer time (log scale; below 1 = scikeras-ts faster)</text>`,
  );
  out.push(`<text x="${left}" y="40" fill="#555">${esc(machineLine(r))}</text>`);
  PEERS.forEach((p, i) => {
    const x = left + i * 130;
    out.push(
      `<rect x="${x}" y="52" width="12" height="12" fill="${p.color}"/><text x="${x + 18}" y="62" fill="#333">${esc(p.label)}</text>`,
    );
  });
  for (let e = lo; e <= hi; e++) {
    const yy = y(10 ** e).toFixed(1);
    const label = e >= 0 ? `${10 ** e}` : `${(10 ** e).toFixed(-e)}`;
    out.push(
      `<line x1="${left}" x2="${W - right}" y1="${yy}" y2="${yy}" stroke="${e === 0 ? '#333' : '#e3e3e3'}" stroke-width="${e === 0 ? 1.5 : 1}"/>`,
    );
    out.push(
      `<text x="${left - 8}" y="${yy}" dy="4" text-anchor="end" fill="#555">${label}${e === 0 ? ' ×' : ''}</text>`,
    );
  }
  out.push(`<text x="${W - right - 4}" y="${top + 14}" text-anchor="end" fill="#999">scikeras-ts slower ↑</text>`);
  out.push(
    `<text x="${W - right - 4}" y="${top + plotH - 6}" text-anchor="end" fill="#999">scikeras-ts faster ↓</text>`,
  );
  const gw = plotW / Math.max(groups.length, 1);
  const bw = Math.min(34, (gw * 0.72) / PEERS.length);
  groups.forEach((g, gi) => {
    const cx = left + gw * (gi + 0.5);
    out.push(
      `<text x="${cx.toFixed(1)}" y="${H - bottom + 20}" text-anchor="middle" font-weight="600" fill="#222">${esc(g.group)}</text>`,
    );
    PEERS.forEach((p, pi) => {
      const v = g.ratios[p.key];
      const x = cx - (PEERS.length * bw) / 2 + pi * bw;
      if (v === undefined) {
        out.push(
          `<text x="${(x + bw / 2).toFixed(1)}" y="${(y(1) - 4).toFixed(1)}" text-anchor="middle" fill="#bbb" font-size="10">n/a</text>`,
        );
        return;
      }
      const y0 = y(1),
        y1 = y(v);
      const yt = Math.min(y0, y1);
      out.push(
        `<rect x="${x.toFixed(1)}" y="${yt.toFixed(1)}" width="${(bw - 3).toFixed(1)}" height="${Math.max(1, Math.abs(y1 - y0)).toFixed(1)}" fill="${p.color}"><title>${esc(`${g.group} vs ${p.label}: ${v.toPrecision(3)}`)}</title></rect>`,
      );
      const ly = v >= 1 ? y1 - 4 : y1 + 12;
      out.push(
        `<text x="${(x + (bw - 3) / 2).toFixed(1)}" y="${ly.toFixed(1)}" text-anchor="middle" font-size="10" fill="#333">${v >= 10 || v < 0.1 ? v.toPrecision(2) : v.toFixed(2)}</text>`,
      );
    });
  });
  out.push(
    `<text x="${left}" y="${H - 8}" fill="#777" font-size="11">Time per epoch (W1, W2, W4), per sample (W3), per predicted row (W5); M: geometric mean over matrix products.</text>`,
  );
  out.push('</svg>');
  return out.join('\n') + '\n';
}
