// The packed form of the bundled datasets (written by scripts/pack-datasets.mjs) and its decoder.
// Imports nothing.

/** One column: its distinct values and a fixed-width base-36 code per row, or (width 0) its values in row order. */
export interface PackedColumn {
  values: string;
  width: number;
  codes: string;
}

/** A dataset as shipped: column names (features, then the target), class names, columns. */
export interface PackedDataset {
  names: string[];
  targetNames: string[];
  nSamples: number;
  columns: PackedColumn[];
}

/** The columns as float64 numbers (Number() of the shortest round-trip text is the exact value). */
export function unpackColumns(d: PackedDataset): Float64Array[] {
  return d.columns.map((c) => {
    const values = c.values.split(',').map(Number);
    if (c.width === 0) return Float64Array.from(values);
    const out = new Float64Array(d.nSamples);
    for (let i = 0; i < d.nSamples; i++)
      out[i] = values[parseInt(c.codes.slice(i * c.width, (i + 1) * c.width), 36)] as number;
    return out;
  });
}
