// ONNX's protobuf messages (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto,
// ValueInfoProto, TypeProto) from plain objects, with onnx.proto's field numbers and packing
// (proto2: `dims` and attribute `ints` unpacked, `int64_data` / `float_data` packed), written in
// field-number order as protobuf's own serialisers do. Imports protobuf.ts only.

import { ProtoWriter, utf8 } from './protobuf.ts';

/** TensorProto.DataType values used here. */
export const ONNX_FLOAT = 1;
export const ONNX_INT64 = 7;
export const ONNX_STRING = 8;
export const ONNX_BOOL = 9;
export const ONNX_DOUBLE = 11;

/** An initializer: raw little-endian bytes, or strings. */
export interface OnnxTensor {
  name: string;
  dataType: number;
  dims: readonly number[];
  raw?: Uint8Array;
  strings?: readonly string[];
}

/** A node attribute (one of the value kinds). */
export type OnnxAttribute =
  | { name: string; i: number }
  | { name: string; f: number }
  | { name: string; s: string }
  | { name: string; ints: readonly number[] }
  | { name: string; strings: readonly string[] };

/** A NodeProto: an operator applied to named values (an empty `domain` is the default ONNX one). */
export interface OnnxNode {
  opType: string;
  inputs: readonly string[];
  outputs: readonly string[];
  name: string;
  domain?: string;
  attributes?: readonly OnnxAttribute[];
}

/** A value's type: a tensor (dims: sizes, or names for symbolic ones), or a sequence of maps (ZipMap). */
export type OnnxType =
  | { elemType: number; shape: ReadonlyArray<number | string> }
  | { sequenceOfMaps: { keyType: number; valueElemType: number } };

/** A ValueInfoProto: a graph input's or output's name and type. */
export interface OnnxValueInfo {
  name: string;
  type: OnnxType;
}

/** A GraphProto: nodes in topological order, their initializers, inputs and outputs. */
export interface OnnxGraph {
  name: string;
  nodes: readonly OnnxNode[];
  initializers: readonly OnnxTensor[];
  inputs: readonly OnnxValueInfo[];
  outputs: readonly OnnxValueInfo[];
  docString?: string;
}

/** A ModelProto: the graph and the operator sets it uses. */
export interface OnnxModel {
  irVersion: number;
  producerName: string;
  producerVersion?: string;
  docString?: string;
  graph: OnnxGraph;
  opsets: ReadonlyArray<{ domain: string; version: number }>;
  metadata?: Readonly<Record<string, string>>;
}

/** Serialises a ModelProto. */
export function encodeModel(m: OnnxModel): Uint8Array {
  const w = new ProtoWriter().int(1, m.irVersion).string(2, m.producerName);
  if (m.producerVersion !== undefined) w.string(3, m.producerVersion);
  if (m.docString !== undefined) w.string(6, m.docString);
  w.message(7, graphProto(m.graph));
  for (const o of m.opsets) w.message(8, new ProtoWriter().string(1, o.domain).int(2, o.version));
  for (const [k, v] of Object.entries(m.metadata ?? {})) w.message(14, new ProtoWriter().string(1, k).string(2, v));
  return w.finish();
}

function graphProto(g: OnnxGraph): ProtoWriter {
  const w = new ProtoWriter();
  for (const n of g.nodes) w.message(1, nodeProto(n));
  w.string(2, g.name);
  for (const t of g.initializers) w.message(5, tensorProto(t));
  if (g.docString !== undefined) w.string(10, g.docString);
  for (const v of g.inputs) w.message(11, valueInfoProto(v));
  for (const v of g.outputs) w.message(12, valueInfoProto(v));
  return w;
}

function nodeProto(n: OnnxNode): ProtoWriter {
  const w = new ProtoWriter();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, n.name).string(4, n.opType);
  for (const a of n.attributes ?? []) w.message(5, attributeProto(a));
  if (n.domain !== undefined && n.domain !== '') w.string(7, n.domain);
  return w;
}

// AttributeProto.AttributeType: FLOAT 1, INT 2, STRING 3, INTS 7, STRINGS 8.
function attributeProto(a: OnnxAttribute): ProtoWriter {
  const w = new ProtoWriter().string(1, a.name);
  if ('f' in a) return w.float(2, a.f).int(20, 1);
  if ('i' in a) return w.int(3, a.i).int(20, 2);
  if ('s' in a) return w.string(4, a.s).int(20, 3);
  if ('ints' in a) {
    for (const v of a.ints) w.int(8, v);
    return w.int(20, 7);
  }
  for (const s of a.strings) w.string(9, s);
  return w.int(20, 8);
}

function tensorProto(t: OnnxTensor): ProtoWriter {
  const w = new ProtoWriter();
  for (const d of t.dims) w.int(1, d);
  w.int(2, t.dataType);
  for (const s of t.strings ?? []) w.bytes(6, utf8(s));
  w.string(8, t.name);
  if (t.raw !== undefined) w.bytes(9, t.raw);
  return w;
}

function valueInfoProto(v: OnnxValueInfo): ProtoWriter {
  return new ProtoWriter().string(1, v.name).message(2, typeProto(v.type));
}

function typeProto(t: OnnxType): ProtoWriter {
  if ('sequenceOfMaps' in t) {
    const { keyType, valueElemType } = t.sequenceOfMaps;
    const map = new ProtoWriter()
      .int(1, keyType)
      .message(2, new ProtoWriter().message(1, new ProtoWriter().int(1, valueElemType)));
    return new ProtoWriter().message(4, new ProtoWriter().message(1, new ProtoWriter().message(5, map)));
  }
  const shape = new ProtoWriter();
  for (const d of t.shape)
    shape.message(1, typeof d === 'number' ? new ProtoWriter().int(1, d) : new ProtoWriter().string(2, d));
  return new ProtoWriter().message(1, new ProtoWriter().int(1, t.elemType).message(2, shape));
}
