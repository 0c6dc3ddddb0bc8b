// A small ONNX graph builder: unique value and node names, initializers from numbers or strings
// (little-endian raw bytes), nodes, and renaming a value into a graph output. Imports onnx-proto.ts.

import {
  ONNX_DOUBLE,
  ONNX_INT64,
  ONNX_STRING,
  type OnnxAttribute,
  type OnnxNode,
  type OnnxTensor,
} from './onnx-proto.ts';

/** Collects nodes and initializers under unique names; `reserved` names (inputs, outputs) are never handed out. */
export class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  private readonly taken = new Set<string>();

  constructor(reserved: readonly string[]) {
    for (const r of reserved) this.taken.add(r);
  }

  /** A name not used yet, from `prefix` (numbered when it repeats). */
  fresh(prefix: string): string {
    let name = prefix;
    for (let i = 1; this.taken.has(name); i++) name = `${prefix}_${i}`;
    this.taken.add(name);
    return name;
  }

  /** A float or double initializer. */
  floats(prefix: string, values: ArrayLike<number>, dims: readonly number[], dataType: number): string {
    const size = dataType === ONNX_DOUBLE ? 8 : 4;
    const raw = new Uint8Array(values.length * size);
    const view = new DataView(raw.buffer);
    for (let i = 0; i < values.length; i++) {
      if (size === 8) view.setFloat64(i * 8, values[i] as number, true);
      else view.setFloat32(i * 4, values[i] as number, true);
    }
    return this.add({ name: this.fresh(prefix), dataType, dims: dims.slice(), raw });
  }

  /** An int64 initializer. */
  int64s(prefix: string, values: readonly number[], dims: readonly number[]): string {
    const raw = new Uint8Array(values.length * 8);
    const view = new DataView(raw.buffer);
    // Two 32-bit words per safe integer, no BigInt (some embedded engines lack BigInt64 views).
    values.forEach((v, i) => {
      const hi = Math.floor(v / 4294967296);
      view.setUint32(i * 8, v - hi * 4294967296, true);
      view.setInt32(i * 8 + 4, hi, true);
    });
    return this.add({ name: this.fresh(prefix), dataType: ONNX_INT64, dims: dims.slice(), raw });
  }

  /** A string initializer. */
  strings(prefix: string, values: readonly string[], dims: readonly number[]): string {
    return this.add({ name: this.fresh(prefix), dataType: ONNX_STRING, dims: dims.slice(), strings: values.slice() });
  }

  /** Adds a node with one output and returns that output's name. */
  op(opType: string, inputs: readonly string[], attributes: readonly OnnxAttribute[] = [], domain?: string): string {
    const out = this.fresh(`${opType.toLowerCase()}_out`);
    const node: OnnxNode = {
      opType,
      inputs: inputs.slice(),
      outputs: [out],
      name: this.fresh(opType),
      attributes: attributes.slice(),
    };
    this.nodes.push(domain === undefined ? node : { ...node, domain });
    return out;
  }

  /** Makes `value` appear under `name` (a graph output): renames a node's output, or adds an Identity for an input. */
  output(value: string, name: string): void {
    const producer = this.nodes.find((n) => n.outputs.includes(value));
    if (producer === undefined) {
      this.nodes.push({ opType: 'Identity', inputs: [value], outputs: [name], name: this.fresh('Identity') });
      return;
    }
    const rename = (v: string) => (v === value ? name : v);
    for (let i = 0; i < this.nodes.length; i++) {
      const n = this.nodes[i] as OnnxNode;
      this.nodes[i] = { ...n, inputs: n.inputs.map(rename), outputs: n.outputs.map(rename) };
    }
  }

  private add(t: OnnxTensor): string {
    this.initializers.push(t);
    return t.name;
  }
}
