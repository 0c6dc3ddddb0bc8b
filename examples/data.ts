// Helpers for the examples (the datasets themselves come from scikeras-ts/datasets).

/** Standardises every column to zero mean and unit (population) variance. */
export function standardScale(X: number[][]): number[][] {
  const d = (X[0] as number[]).length;
  const mean = new Array<number>(d).fill(0),
    sd = new Array<number>(d).fill(0);
  for (const r of X) r.forEach((v, j) => (mean[j] = (mean[j] as number) + v / X.length));
  for (const r of X) r.forEach((v, j) => (sd[j] = (sd[j] as number) + (v - (mean[j] as number)) ** 2 / X.length));
  return X.map((r) => r.map((v, j) => (v - (mean[j] as number)) / (Math.sqrt(sd[j] as number) || 1)));
}
