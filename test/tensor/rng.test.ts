import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng, portableLog } from '../../src/tensor/rng.ts';
import { ValueError } from '../../src/core/errors.ts';

test('same seed gives the same sequence; different seeds differ', () => {
  const a = new Rng(42),
    b = new Rng(42),
    c = new Rng(43);
  const xa = Array.from({ length: 20 }, () => a.uint32());
  const xb = Array.from({ length: 20 }, () => b.uint32());
  const xc = Array.from({ length: 20 }, () => c.uint32());
  assert.equal(xa, xb);
  assert.not.equal(xa, xc);
});

test('float() is in [0, 1) with mean near 1/2; normal() has mean 0 and variance 1', () => {
  const r = new Rng(1);
  let s = 0,
    lo = 1,
    hi = 0;
  const n = 200000;
  for (let i = 0; i < n; i++) {
    const u = r.float();
    s += u;
    lo = Math.min(lo, u);
    hi = Math.max(hi, u);
  }
  assert.ok(lo >= 0 && hi < 1);
  assert.ok(Math.abs(s / n - 0.5) < 0.005, `mean ${s / n}`);
  let m = 0,
    v = 0;
  for (let i = 0; i < n; i++) {
    const z = r.normal();
    m += z;
    v += z * z;
  }
  m /= n;
  v = v / n - m * m;
  assert.ok(Math.abs(m) < 0.01, `normal mean ${m}`);
  assert.ok(Math.abs(v - 1) < 0.02, `normal variance ${v}`);
});

test('portableLog agrees with Math.log to 1 ulp-ish', () => {
  for (const x of [1e-300, 1e-10, 0.001, 0.5, 0.7071, 1, 1.5, 2, 3, 10, 1234.5, 1e300]) {
    const d = Math.abs(portableLog(x) - Math.log(x));
    assert.ok(d <= 4e-16 * Math.max(1, Math.abs(Math.log(x))), `log(${x}): diff ${d}`);
  }
});

test('state round-trips and the sequence continues identically', () => {
  const r = new Rng(7);
  r.normal();
  const st = r.getState();
  const a = [r.normal(), r.normal(), r.float()];
  const b = new Rng(0).setState(st);
  assert.equal([b.normal(), b.normal(), b.float()], a);
});

test('permutation is a permutation and is seeded', () => {
  const p = new Rng(3).permutation(100);
  assert.equal(
    Array.from(p).sort((x, y) => x - y),
    Array.from({ length: 100 }, (_, i) => i),
  );
  assert.equal(Array.from(new Rng(3).permutation(100)), Array.from(p));
});

test('seeds are integers, distinct seeds give distinct streams, and a crafted state is refused', () => {
  assert.throws(() => new Rng(1.5), /seed must be an integer/);
  const first = [0, 1, 2 ** 32, 2 ** 32 + 1, -1, 2 ** 32 - 1].map((s) => new Rng(s).uint32());
  assert.is(new Set(first).size, first.length);
  assert.throws(() => new Rng(1).setState([0, 0, 0, 0, NaN]), /all-zero state/);
  // a saved file without its rng state: a library error, not a TypeError from inside
  assert.throws(
    () => new Rng(1).setState(undefined as never),
    (e: unknown) => e instanceof ValueError && /Rng.setState: expected/.test((e as Error).message),
  );
});

test.run();
