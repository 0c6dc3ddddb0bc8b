// A deterministic classifier for exact cross-validation checks against scikit-learn: its NearestCentroid
// (metric 'euclidean': class means; 'manhattan': class medians), written the way scikit-learn computes it.
import { BaseEstimator, type EstimatorType } from '../../src/estimators/base.ts';

export class NearestCentroid extends BaseEstimator {
  static override readonly defaults = Object.freeze({ metric: 'euclidean' as 'euclidean' | 'manhattan' });
  static override readonly estimatorType: EstimatorType | null = 'classifier';
  declare metric: 'euclidean' | 'manhattan';
  declare classes_: number[];
  declare centroids_: number[][];

  constructor(params: { metric?: 'euclidean' | 'manhattan' } = {}) {
    super(params);
  }

  fit(X: number[][], y: number[]): this {
    this.classes_ = [...new Set(y)].sort((a, b) => a - b);
    this.centroids_ = this.classes_.map((c) => {
      const rows = X.filter((_, i) => y[i] === c);
      return (X[0] as number[]).map((_, j) => {
        const col = rows.map((r) => r[j] as number);
        if (this.metric === 'euclidean') return col.reduce((s, v) => s + v, 0) / col.length;
        const s = col.slice().sort((a, b) => a - b);
        const h = s.length >> 1;
        return s.length % 2 ? (s[h] as number) : ((s[h - 1] as number) + (s[h] as number)) / 2;
      });
    });
    return this;
  }

  predict(X: number[][]): number[] {
    return X.map((x) => {
      let best = 0,
        bestD = Infinity;
      this.centroids_.forEach((c, k) => {
        const d = x.reduce(
          (s, v, j) => s + (this.metric === 'euclidean' ? (v - (c[j] as number)) ** 2 : Math.abs(v - (c[j] as number))),
          0,
        );
        if (d < bestD) [best, bestD] = [k, d];
      });
      return this.classes_[best] as number;
    });
  }

  score(X: number[][], y: number[]): number {
    const p = this.predict(X);
    return p.filter((v, i) => v === y[i]).length / y.length;
  }
}
