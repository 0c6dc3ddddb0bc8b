// The error module: describe() formats any value for a message without throwing, whatever it is given
// (arrays thousands deep, huge strings, exotic objects).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { describe, ValueError, ShapeError, ScikerasError } from '../../src/core/errors.ts';

test('describe: short and unambiguous for plain values', () => {
  assert.is(describe('a'), "'a'");
  assert.is(describe(3), '3');
  assert.is(describe(null), 'null');
  assert.is(describe([1, 'x', [true]]), "[1, 'x', [true]]");
  assert.is(describe(Array.from({ length: 10 }, (_, i) => i)), '[0, 1, 2, 3, 4, 5, 6, 7, ...] (10 items)');
  assert.is(describe(new Map()), 'a Map');
  assert.is(describe({}), 'an object');
  assert.is(describe(10n), '10n');
  assert.is(
    describe(function named() {}),
    'function named',
  );
});

test('describe never throws: arrays 5000 deep, megabyte strings, hostile objects', () => {
  let deep: unknown = [];
  for (let i = 0; i < 5000; i++) deep = [deep];
  assert.is(describe(deep), '[[[[...] (1 items)]]]');
  const parsed = JSON.parse('['.repeat(4000) + ']'.repeat(4000)) as unknown;
  assert.ok(describe(parsed).length < 40);
  const big = 'x'.repeat(1 << 20);
  assert.ok(describe(big).length < 120, describe(big));
  const hostile = new Proxy(
    {},
    {
      get: () => {
        throw new Error('boom');
      },
    },
  );
  assert.is(describe(hostile), 'a value that cannot be shown');
  assert.is(describe(Object.create(null)), 'an object');
  assert.is(describe(Symbol('s')), 'Symbol(s)');
});

test('error classes carry a code and their own name', () => {
  const e = new ValueError('x');
  assert.ok(e instanceof ScikerasError && e.code === 'value' && e.name === 'ValueError');
  assert.is(new ShapeError('y').name, 'ShapeError');
  // scikit-learn raises its shape errors as ValueError: catching ValueError catches them too.
  const shape = new ShapeError('z');
  assert.ok(shape instanceof ValueError && shape.code === 'shape');
});

test.run();
