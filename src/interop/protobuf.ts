// A minimal protobuf writer (wire format only: varints, fixed32/64, length-delimited, packed repeated
// fields), enough to hand-encode ONNX models with no dependency. Imports errors only.

import { ValueError, describe } from '../core/errors.ts';

const TWO32 = 4294967296;

/**
 * Appends protobuf fields. Sub-messages and byte blocks are kept as chunks and joined once in
 * `finish()`, so nesting (tensor -> graph -> model) never copies the weight bytes more than once.
 *
 * @example
 * const w = new ProtoWriter().int(1, 8).string(2, 'scikeras-ts');
 * const bytes = w.finish();
 */
export class ProtoWriter {
  private readonly chunks: Uint8Array[] = [];
  private pending: number[] = [];
  /** Bytes written so far. */
  length = 0;

  /** A varint field (int32, int64, uint64, enum, bool): negative values take 10 bytes (two's complement), as protobuf writes int64. */
  int(field: number, value: number): this {
    this.tag(field, 0);
    this.varint(value);
    return this;
  }

  /** A float field (fixed32, little-endian). */
  float(field: number, value: number): this {
    this.tag(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.block(b);
    return this;
  }

  /** A double field (fixed64, little-endian). */
  double(field: number, value: number): this {
    this.tag(field, 1);
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, value, true);
    this.block(b);
    return this;
  }

  /** A length-delimited field holding `bytes` (kept by reference until `finish`). */
  bytes(field: number, bytes: Uint8Array): this {
    this.tag(field, 2);
    this.varint(bytes.length);
    this.block(bytes);
    return this;
  }

  /** A string field (UTF-8). */
  string(field: number, value: string): this {
    return this.bytes(field, utf8(value));
  }

  /** An embedded message. */
  message(field: number, sub: ProtoWriter): this {
    this.tag(field, 2);
    this.varint(sub.length);
    sub.flush();
    for (const c of sub.chunks) this.block(c);
    return this;
  }

  /** A packed repeated varint field (one length-delimited record). Empty lists write nothing, as protobuf does. */
  packedInts(field: number, values: ArrayLike<number>): this {
    if (values.length === 0) return this;
    const body = new ProtoWriter();
    for (let i = 0; i < values.length; i++) body.varint(values[i] as number);
    return this.message(field, body);
  }

  /** A packed repeated float field (fixed32 each). */
  packedFloats(field: number, values: ArrayLike<number>): this {
    if (values.length === 0) return this;
    const b = new Uint8Array(values.length * 4);
    const view = new DataView(b.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i] as number, true);
    return this.bytes(field, b);
  }

  /** All fields so far as one byte array. */
  finish(): Uint8Array {
    this.flush();
    if (this.chunks.length === 1) return this.chunks[0] as Uint8Array;
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  private tag(field: number, wireType: number): void {
    if (!Number.isInteger(field) || field < 1 || field > 536870911) {
      throw new ValueError(
        `protobuf: field number must be an integer in [1, 2^29 - 1]. Got ${describe(field)} instead.`,
      );
    }
    this.varint(field * 8 + wireType);
  }

  /** Base-128 varint of a safe integer; a negative one is its 64-bit two's complement (10 bytes). */
  private varint(value: number): void {
    if (!Number.isSafeInteger(value)) {
      throw new ValueError(
        `protobuf: varint value must be a safe integer (|v| <= 2^53 - 1). Got ${describe(value)} instead.`,
      );
    }
    let hi = Math.floor(value / TWO32);
    let lo = value - hi * TWO32;
    hi >>>= 0; // negative: the high word in two's complement
    const p = this.pending;
    const before = p.length;
    while (hi !== 0) {
      p.push((lo & 127) | 128);
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    while (lo > 127) {
      p.push((lo & 127) | 128);
      lo >>>= 7;
    }
    p.push(lo);
    this.length += p.length - before;
  }

  private block(b: Uint8Array): void {
    this.flush();
    if (b.length === 0) return;
    this.chunks.push(b);
    this.length += b.length;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.chunks.push(Uint8Array.from(this.pending));
    this.pending = [];
  }
}

/** UTF-8 bytes of a string (TextEncoder where present; a fallback for bare runtimes). */
export function utf8(s: string): Uint8Array {
  const TE = (globalThis as { TextEncoder?: new () => { encode(s: string): Uint8Array } }).TextEncoder;
  if (TE) return new TE().encode(s);
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}
