// The protobuf writer and the ONNX encoder: varint edge cases and packed fields against the protobuf
// encoding guide's examples and an independent BigInt decoder; whole models byte for byte against what
// the onnx package serialises (test/fixtures/onnx-bytes.json, from scripts/fixtures/make_onnx_bytes_fixture.py).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { ProtoWriter } from '../../src/interop/protobuf.ts';
import { encodeModel, ONNX_DOUBLE, ONNX_INT64, ONNX_STRING } from '../../src/interop/onnx-proto.ts';
import { toOnnx, sequential, layers, Tensor, Rng, ValueError } from '../../src/index.ts';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/onnx-bytes.json', import.meta.url), 'utf8')) as {
  tiny: string;
  encoder: string;
};
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const fromHex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/ /g, ''), 'hex'));

/** Reads one varint (independently of the writer): BigInt arithmetic, 64 bits, two's complement. */
function readVarint(b: Uint8Array, at: number): { value: bigint; next: number } {
  let v = 0n;
  let shift = 0n;
  for (let i = at; ; i++) {
    const byte = b[i] as number;
    v |= BigInt(byte & 127) << shift;
    shift += 7n;
    if ((byte & 128) === 0) return { value: BigInt.asIntN(64, v), next: i + 1 };
  }
}

test("varints: the encoding guide's examples and the edges (0, 127, 128, 2^31, 2^53 - 1, negatives as 10 bytes)", () => {
  const field1 = (v: number) => hex(new ProtoWriter().int(1, v).finish());
  assert.is(field1(0), '0800');
  assert.is(field1(1), '0801');
  assert.is(field1(127), '087f');
  assert.is(field1(128), '088001');
  assert.is(field1(150), '089601'); // "08 96 01" in the guide
  assert.is(field1(300), '08ac02');
  assert.is(field1(2 ** 31), '088080808008');
  assert.is(field1(2 ** 32), '088080808010');
  assert.is(field1(2 ** 53 - 1), '08ffffffffffffff0f');
  assert.is(field1(-1), '08ffffffffffffffffff01');
  assert.is(field1(-2), '08feffffffffffffffff01');
  assert.is(field1(-(2 ** 31)), '0880808080f8ffffffff01');
  assert.is(new ProtoWriter().int(1, -1).length, 11, 'a negative int64 takes 10 bytes after its tag');
});

test('varints decode back to the value (BigInt reference decoder), over random magnitudes and signs', () => {
  const rng = new Rng(5);
  const values = [
    0,
    1,
    127,
    128,
    16383,
    16384,
    2 ** 28 - 1,
    2 ** 28,
    2 ** 32 - 1,
    2 ** 35 + 3,
    2 ** 49,
    2 ** 53 - 1,
    -(2 ** 53 - 1),
  ];
  for (let i = 0; i < 500; i++) values.push(Math.round((rng.float() - 0.5) * 2 ** (1 + Math.floor(rng.float() * 53))));
  for (const v of values) {
    const b = new ProtoWriter().int(1, v).finish();
    const { value, next } = readVarint(b, 1);
    assert.is(value, BigInt(v), `varint of ${v}`);
    assert.is(next, b.length, `varint of ${v}: no trailing bytes`);
  }
});

test('varints refuse unsafe or fractional numbers, naming the value', () => {
  assert.throws(
    () => new ProtoWriter().int(1, 2 ** 53),
    (e: Error) => e instanceof ValueError && /safe integer/.test(e.message) && /9007199254740992/.test(e.message),
  );
  assert.throws(() => new ProtoWriter().int(1, 0.5), /0\.5/);
  assert.throws(() => new ProtoWriter().int(0, 1), /field number/);
});

test("packed repeated fields: the guide's example (field 4: 3, 270, 86942), floats, and empty lists", () => {
  assert.is(hex(new ProtoWriter().packedInts(4, [3, 270, 86942]).finish()), '2206038e029ea705');
  assert.is(hex(new ProtoWriter().packedFloats(5, [1, -2]).finish()), '2a080000803f000000c0');
  assert.is(new ProtoWriter().packedInts(4, []).finish().length, 0);
  // A packed negative int64 is 10 bytes inside the record.
  assert.is(hex(new ProtoWriter().packedInts(7, [-1]).finish()), '3a0affffffffffffffffff01');
});

test('length-delimited fields: strings (UTF-8), bytes, floats, doubles and nested messages with their lengths', () => {
  assert.is(hex(new ProtoWriter().string(2, 'testing').finish()), '120774657374696e67'); // the guide's example
  assert.is(hex(new ProtoWriter().string(2, 'été').finish()), '1205c3a974c3a9');
  assert.is(hex(new ProtoWriter().float(2, 0.5).finish()), '150000003f');
  assert.is(hex(new ProtoWriter().double(3, 1.5).finish()), '19000000000000f83f');
  const inner = new ProtoWriter().int(1, 150);
  assert.is(hex(new ProtoWriter().message(3, inner).finish()), '1a03089601'); // the guide's embedded message
  const big = new Uint8Array(200).fill(7);
  const w = new ProtoWriter().bytes(1, big);
  assert.is(w.length, 203);
  assert.equal(Array.from(w.finish().subarray(0, 3)), [0x0a, 0xc8, 0x01]);
});

test('a tiny Sequential: toOnnx writes exactly the bytes the onnx package serialises for the same model', () => {
  const tiny = sequential([layers.dense({ units: 2, activation: 'sigmoid', inputShape: [3], name: 'd' })], {
    name: 'tiny',
  });
  tiny.setWeights([
    new Tensor(Float32Array.from([0.5, -1, 0.25, 2, -0.125, 0.75]), [3, 2]),
    new Tensor(Float32Array.from([0.1, -0.2]), [2]),
  ]);
  assert.is(hex(toOnnx(tiny)), fixture.tiny);
});

test('every field the encoder writes, byte for byte against the onnx package', () => {
  const bytes = encodeModel({
    irVersion: 8,
    producerName: 'p',
    producerVersion: '0.1',
    graph: {
      name: 'g',
      nodes: [
        {
          opType: 'ArgMax',
          inputs: ['p'],
          outputs: ['i'],
          name: 'ArgMax',
          attributes: [
            { name: 'axis', i: -1 },
            { name: 'keepdims', i: 0 },
          ],
        },
        {
          opType: 'Custom',
          inputs: ['i', 'c'],
          outputs: ['s'],
          name: 'n2',
          attributes: [
            { name: 'alpha', f: 0.5 },
            { name: 'ints', ints: [3, -2, 300] },
            { name: 'mode', s: 'fast' },
            { name: 'strs', strings: ['a', 'été'] },
          ],
        },
        {
          opType: 'ZipMap',
          inputs: ['p'],
          outputs: ['z'],
          name: 'ZipMap',
          domain: 'ai.onnx.ml',
          attributes: [{ name: 'classlabels_int64s', ints: [0, 1] }],
        },
      ],
      initializers: [
        { name: 'c', dataType: ONNX_STRING, dims: [2], strings: ['yes', 'no'] },
        { name: 'k', dataType: ONNX_INT64, dims: [2], raw: fromHex('0500000000000000 f9ffffffffffffff') },
        { name: 'one', dataType: ONNX_DOUBLE, dims: [], raw: fromHex('000000000000f83f') },
      ],
      docString: 'doc',
      inputs: [{ name: 'p', type: { elemType: ONNX_DOUBLE, shape: ['N', 2] } }],
      outputs: [
        { name: 's', type: { elemType: ONNX_STRING, shape: ['N'] } },
        { name: 'z', type: { sequenceOfMaps: { keyType: ONNX_INT64, valueElemType: 1 } } },
      ],
    },
    opsets: [
      { domain: '', version: 17 },
      { domain: 'ai.onnx.ml', version: 1 },
    ],
    metadata: { k: 'v' },
  });
  assert.is(hex(bytes), fixture.encoder);
});

test.run();
