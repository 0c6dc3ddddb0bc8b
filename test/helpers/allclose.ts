// The one closeness assertion for tests.
import * as assert from 'uvu/assert';

type Numeric = number | ArrayLike<number> | readonly Numeric[] | { data: ArrayLike<number> };

function flatten(v: Numeric, out: number[] = []): number[] {
  if (typeof v === 'number') out.push(v);
  else if (Array.isArray(v)) for (const x of v) flatten(x as Numeric, out);
  else if (typeof v === 'object' && v !== null && 'data' in v && !('length' in v))
    for (const x of Array.from(v.data)) out.push(x);
  else for (const x of Array.from(v as ArrayLike<number>)) out.push(x);
  return out;
}

/** Asserts |a - b| <= atol + rtol * |b| elementwise (NaN equals NaN). Returns the max abs difference. */
export function allclose(
  actual: Numeric,
  expected: Numeric,
  opts: { rtol?: number; atol?: number; msg?: string } = {},
): number {
  const rtol = opts.rtol ?? 1e-6;
  const atol = opts.atol ?? 1e-9;
  const a = flatten(actual);
  const b = flatten(expected);
  assert.is(a.length, b.length, `${opts.msg ?? 'allclose'}: length ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    if (x === y) continue;
    const d = Math.abs(x - y);
    worst = Math.max(worst, d);
    if (!(d <= atol + rtol * Math.abs(y))) {
      assert.unreachable(
        `${opts.msg ?? 'allclose'}: element ${i}: ${x} vs ${y} (|diff| ${d} > atol ${atol} + rtol ${rtol} * |expected|)`,
      );
    }
  }
  return worst;
}
