// Keras 3's model summary: the table its print_summary renders through rich at the default line length 88 (column
// widths 36, 27 and 15 between the borders, long cells wrapped at spaces, over-long words cut with an ellipsis),
// then the parameter totals with their sizes. Imports nothing but the layer type.

import type { Layer } from './layer-base.ts';

const WIDTHS = [36, 27, 15] as const;

const thousands = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Keras' readable_memory_size: bytes in B, KB, MB, ... with two decimals. */
function memory(bytes: number): string {
  let v = bytes;
  for (const unit of ['B', 'KB', 'MB', 'GB', 'TB']) {
    if (v / 1024 < 1) return `${v.toFixed(2)} ${unit}`;
    v /= 1024;
  }
  return `${v.toFixed(2)} PB`;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(' ')) {
    if (word.length > width) word = `${word.slice(0, width - 1)}…`;
    if (line !== '' && line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      if (line !== '') lines.push(line);
      line = word;
    }
  }
  lines.push(line);
  return lines;
}

function rows(cells: readonly string[], right: boolean[], bar: string): string[] {
  const wrapped = cells.map((c, i) => wrap(c, WIDTHS[i] as number));
  const height = Math.max(...wrapped.map((w) => w.length));
  const out: string[] = [];
  for (let r = 0; r < height; r++) {
    const parts = wrapped.map((w, i) => {
      const t = w[r] ?? '';
      const width = WIDTHS[i] as number;
      return ` ${right[i] ? t.padStart(width) : t.padEnd(width)} `;
    });
    out.push(`${bar}${parts.join(bar)}${bar}`);
  }
  return out;
}

const rule = (l: string, m: string, r: string, h: string): string => l + WIDTHS.map((w) => h.repeat(w + 2)).join(m) + r;

/** The summary text of a Sequential model's layers (the input layer is not listed, as in Keras). */
export function formatSummary(
  name: string,
  layers: readonly Layer[],
  inputShape: readonly number[] | null,
  dtype: 'float32' | 'float64',
): string {
  const align = [false, false, true];
  const lines = [
    `Model: "${name}"`,
    rule('┏', '┳', '┓', '━'),
    ...rows(['Layer (type)', 'Output Shape', 'Param #'], align, '┃'),
  ];
  lines.push(rule('┡', '╇', '┩', '━'));
  let shape: readonly number[] | null = inputShape;
  let trainable = 0,
    total = 0;
  const shown = layers.filter((l) => l.className !== 'InputLayer');
  for (const l of layers) {
    if (shape !== null) shape = l.outputShape(shape);
    if (l.className === 'InputLayer') continue;
    const count = l.weights().reduce((s, w) => s + w.size, 0);
    total += count;
    trainable += l.trainableWeights().reduce((s, w) => s + w.size, 0);
    const cells = [
      `${l.name} (${l.className})`,
      shape === null ? '?' : `(None, ${shape.join(', ')})`,
      l.built ? thousands(count) : '0 (unbuilt)',
    ];
    if (l !== shown[0]) lines.push(rule('├', '┼', '┤', '─'));
    lines.push(...rows(cells, align, '│'));
  }
  lines.push(rule('└', '┴', '┘', '─'));
  const bytes = dtype === 'float64' ? 8 : 4;
  for (const [label, n] of [
    ['Total', total],
    ['Trainable', trainable],
    ['Non-trainable', total - trainable],
  ] as const)
    lines.push(` ${label} params: ${thousands(n)} (${memory(n * bytes)})`);
  return lines.join('\n');
}
