// scikit-learn's `_binary_clf_curve`: false and true positives at each distinct score, scores in
// descending order (a stable sort, as NumPy's mergesort reversed), zero-weight samples removed. The
// ROC and precision-recall curves and their areas are built on it. Imports nothing but numbers.

/** Cumulative false / true positives at each distinct threshold (descending). */
export interface BinaryCurve {
  fps: number[];
  tps: number[];
  thresholds: number[];
}

/** fps, tps and thresholds for 0/1 truth `y`, scores and optional weights. */
export function binaryClfCurve(y: Uint8Array, score: Float64Array, w: Float64Array | undefined): BinaryCurve {
  let yy = y,
    ss = score,
    ww = w;
  if (w !== undefined) {
    const keep: number[] = [];
    for (let i = 0; i < w.length; i++) if ((w[i] as number) !== 0) keep.push(i);
    yy = Uint8Array.from(keep, (i) => y[i] as number);
    ss = Float64Array.from(keep, (i) => score[i] as number);
    ww = Float64Array.from(keep, (i) => w[i] as number);
  }
  const n = yy.length;
  // mergesort ascending, then reversed (scikit-learn's descending order, ties reversed).
  const order = Array.from({ length: n }, (_, i) => i)
    .sort((a, b) => (ss[a] as number) - (ss[b] as number))
    .reverse();
  const thresholdIdx: number[] = [];
  for (let i = 0; i < n - 1; i++)
    if ((ss[order[i] as number] as number) !== (ss[order[i + 1] as number] as number)) thresholdIdx.push(i);
  thresholdIdx.push(n - 1);
  const cumT = new Float64Array(n),
    cumF = new Float64Array(n);
  let accT = 0,
    accF = 0;
  for (let i = 0; i < n; i++) {
    const o = order[i] as number;
    const wi = ww ? (ww[o] as number) : 1;
    const t = yy[o] as number;
    accT += t * wi;
    accF += (1 - t) * wi;
    cumT[i] = accT;
    cumF[i] = accF;
  }
  const tps = thresholdIdx.map((i) => cumT[i] as number);
  const fps = ww ? thresholdIdx.map((i) => cumF[i] as number) : thresholdIdx.map((i, j) => 1 + i - (tps[j] as number));
  return { fps, tps, thresholds: thresholdIdx.map((i) => ss[order[i] as number] as number) };
}

/** The ROC points scikit-learn keeps with `drop_intermediate`: the ends and every corner. */
export function dropIntermediate(c: BinaryCurve): BinaryCurve {
  const { fps, tps, thresholds } = c;
  if (fps.length <= 2) return c;
  const keep = [0];
  for (let i = 1; i < fps.length - 1; i++) {
    const d2f = (fps[i + 1] as number) - (fps[i] as number) - ((fps[i] as number) - (fps[i - 1] as number));
    const d2t = (tps[i + 1] as number) - (tps[i] as number) - ((tps[i] as number) - (tps[i - 1] as number));
    if (d2f !== 0 || d2t !== 0) keep.push(i);
  }
  keep.push(fps.length - 1);
  return {
    fps: keep.map((i) => fps[i] as number),
    tps: keep.map((i) => tps[i] as number),
    thresholds: keep.map((i) => thresholds[i] as number),
  };
}
