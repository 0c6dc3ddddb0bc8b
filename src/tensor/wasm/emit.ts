// A small typed WebAssembly assembler: module sections, LEB128 and the opcodes
// the GEMM kernels use. Pure byte building; must not import tensor or backend code.

/** Value types a local, parameter or result may have. */
export type ValType = 'i32' | 'f32' | 'v128';

const VALTYPE: Record<ValType, number> = { i32: 0x7f, f32: 0x7d, v128: 0x7b };

function uleb(out: number[], v: number): void {
  let x = v >>> 0;
  do {
    let byte = x & 0x7f;
    x >>>= 7;
    if (x !== 0) byte |= 0x80;
    out.push(byte);
  } while (x !== 0);
}

function sleb(out: number[], v: number): void {
  let x = v | 0;
  for (;;) {
    const byte = x & 0x7f;
    x >>= 7;
    if ((x === 0 && (byte & 0x40) === 0) || (x === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return;
    }
    out.push(byte | 0x80);
  }
}

function name(out: number[], s: string): void {
  uleb(out, s.length);
  for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i) & 0x7f);
}

function section(out: number[], id: number, body: number[]): void {
  out.push(id);
  uleb(out, body.length);
  for (const x of body) out.push(x);
}

/**
 * A local (parameters first, in declaration order). An object rather than a
 * bare index so that a local can never be passed where a constant is meant.
 */
export interface Local {
  readonly index: number;
  readonly type: ValType;
}

/**
 * One function body under construction. Methods append one instruction and
 * return `this`, so straight-line code reads top to bottom like the text format.
 */
export class Func {
  /** Index in the module's function space (what `call` takes). */
  readonly index: number;
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
  private readonly extra: ValType[] = [];
  private readonly code: number[] = [];
  private depth = 0;

  constructor(index: number, params: readonly ValType[], results: readonly ValType[]) {
    this.index = index;
    this.params = params;
    this.results = results;
  }

  /** The i-th parameter. */
  param(i: number): Local {
    const type = this.params[i];
    if (type === undefined) throw new RangeError(`no parameter ${i}`);
    return { index: i, type };
  }

  /** Declares a fresh local of `type`. */
  local(type: ValType): Local {
    this.extra.push(type);
    return { index: this.params.length + this.extra.length - 1, type };
  }

  private op(...bytes: number[]): this {
    for (const b of bytes) this.code.push(b);
    return this;
  }

  private simd(sub: number): this {
    this.code.push(0xfd);
    uleb(this.code, sub);
    return this;
  }

  private mem(align: number, offset: number): this {
    uleb(this.code, align);
    uleb(this.code, offset);
    return this;
  }

  get(l: Local): this {
    this.code.push(0x20);
    uleb(this.code, l.index);
    return this;
  }
  set(l: Local): this {
    this.code.push(0x21);
    uleb(this.code, l.index);
    return this;
  }
  tee(l: Local): this {
    this.code.push(0x22);
    uleb(this.code, l.index);
    return this;
  }

  i32(v: number): this {
    this.code.push(0x41);
    sleb(this.code, v);
    return this;
  }
  add(): this {
    return this.op(0x6a);
  }
  sub(): this {
    return this.op(0x6b);
  }
  mul(): this {
    return this.op(0x6c);
  }
  divU(): this {
    return this.op(0x6e);
  }
  shl(): this {
    return this.op(0x74);
  }
  and(): this {
    return this.op(0x71);
  }
  eqz(): this {
    return this.op(0x45);
  }
  eq(): this {
    return this.op(0x46);
  }
  ne(): this {
    return this.op(0x47);
  }
  ltS(): this {
    return this.op(0x48);
  }
  gtS(): this {
    return this.op(0x4a);
  }
  leS(): this {
    return this.op(0x4c);
  }
  geS(): this {
    return this.op(0x4e);
  }
  ltU(): this {
    return this.op(0x49);
  }
  select(): this {
    return this.op(0x1b);
  }
  drop(): this {
    return this.op(0x1a);
  }

  f32Const0(): this {
    return this.op(0x43, 0, 0, 0, 0);
  }
  f32Load(offset = 0): this {
    return this.op(0x2a).mem(2, offset);
  }
  f32Store(offset = 0): this {
    return this.op(0x38).mem(2, offset);
  }

  /**
   * Any plain instruction (opcode < 0xfc) or SIMD instruction (`simd`: its 0xfd sub-opcode), with a
   * memory argument when `align` (log2 bytes) is given: what the GEMM emitter uses to write one body for
   * f32x4 and f64x2 from a table of opcodes.
   */
  instr(opcode: number, simd: boolean, align?: number, offset = 0): this {
    if (simd) this.simd(opcode);
    else this.code.push(opcode);
    return align === undefined ? this : this.mem(align, offset);
  }
  f64Const0(): this {
    return this.op(0x44, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  /** memory.copy within memory 0 (bulk memory; memmove semantics). */
  memoryCopy(): this {
    return this.op(0xfc, 10, 0, 0);
  }

  v128Load(offset = 0): this {
    return this.simd(0x00).mem(4, offset);
  }
  v128Store(offset = 0): this {
    return this.simd(0x0b).mem(4, offset);
  }
  /** Loads one f32 and broadcasts it to all four lanes. */
  v128Load32Splat(offset = 0): this {
    return this.simd(0x09).mem(2, offset);
  }
  v128Zero(): this {
    this.simd(0x0c);
    for (let i = 0; i < 16; i++) this.code.push(0);
    return this;
  }
  f32x4Splat(): this {
    return this.simd(0x13);
  }
  f32x4Add(): this {
    return this.simd(0xe4);
  }
  f32x4Mul(): this {
    return this.simd(0xe6);
  }
  /** Lane-wise max; NaN in either lane gives NaN (relu keeps NaN visible). */
  f32x4Max(): this {
    return this.simd(0xe9);
  }
  /** Relaxed SIMD a * b + c: fused (one rounding) or not, as the engine chooses. */
  f32x4RelaxedMadd(): this {
    return this.simd(0x105);
  }
  f32Add(): this {
    return this.op(0x92);
  }
  /** max of two f32; NaN if either is NaN. */
  f32Max(): this {
    return this.op(0x97);
  }

  call(f: Func): this {
    this.code.push(0x10);
    uleb(this.code, f.index);
    return this;
  }
  br(depth: number): this {
    this.code.push(0x0c);
    uleb(this.code, depth);
    return this;
  }
  brIf(depth: number): this {
    this.code.push(0x0d);
    uleb(this.code, depth);
    return this;
  }
  ret(): this {
    return this.op(0x0f);
  }

  /** `block ... end`; a `br 0` inside jumps past the end. */
  block(body: () => void): this {
    return this.structured(0x02, body);
  }
  /** `loop ... end`; a `br 0` inside jumps back to the start. */
  loop(body: () => void): this {
    return this.structured(0x03, body);
  }
  /** `if ... [else ...] end` on the i32 on the stack. */
  if(then: () => void, otherwise?: () => void): this {
    this.code.push(0x04, 0x40);
    this.depth++;
    then();
    if (otherwise !== undefined) {
      this.code.push(0x05);
      otherwise();
    }
    this.depth--;
    return this.op(0x0b);
  }

  private structured(opcode: number, body: () => void): this {
    this.code.push(opcode, 0x40);
    this.depth++;
    body();
    this.depth--;
    return this.op(0x0b);
  }

  /** The encoded body (locals and code), as the code section stores it. */
  encode(): number[] {
    if (this.depth !== 0) throw new Error('unbalanced control structure');
    const body: number[] = [];
    const runs: [number, ValType][] = [];
    for (const t of this.extra) {
      const last = runs[runs.length - 1];
      if (last !== undefined && last[1] === t) last[0]++;
      else runs.push([1, t]);
    }
    uleb(body, runs.length);
    for (const [count, t] of runs) {
      uleb(body, count);
      body.push(VALTYPE[t]);
    }
    for (const b of this.code) body.push(b);
    body.push(0x0b);
    const out: number[] = [];
    uleb(out, body.length);
    for (const b of body) out.push(b);
    return out;
  }
}

/**
 * A module with one imported memory and a list of functions, some exported.
 *
 * @example
 * const mod = new ModuleBuilder().importMemory('env', 'memory', 1);
 * const f = mod.func(['i32'], ['i32']);
 * f.get(f.param(0)).i32(1).add();
 * mod.export('inc', f);
 * const bytes = mod.bytes();
 */
export class ModuleBuilder {
  private memory: { module: string; field: string; min: number; sharedMax: number | null } | null = null;
  private readonly funcs: Func[] = [];
  private readonly exports: [string, Func][] = [];

  /** Imports memory 0; `sharedMax` (pages) declares it shared, which threads need and which requires a maximum. */
  importMemory(module: string, field: string, minPages: number, sharedMax: number | null = null): this {
    this.memory = { module, field, min: minPages, sharedMax };
    return this;
  }

  func(params: readonly ValType[], results: readonly ValType[] = []): Func {
    const f = new Func(this.funcs.length, params, results);
    this.funcs.push(f);
    return f;
  }

  export(field: string, f: Func): this {
    this.exports.push([field, f]);
    return this;
  }

  bytes(): Uint8Array {
    const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    const types: number[] = [];
    uleb(types, this.funcs.length);
    for (const f of this.funcs) {
      types.push(0x60);
      uleb(types, f.params.length);
      for (const t of f.params) types.push(VALTYPE[t]);
      uleb(types, f.results.length);
      for (const t of f.results) types.push(VALTYPE[t]);
    }
    section(out, 1, types);
    if (this.memory !== null) {
      const imports: number[] = [1];
      name(imports, this.memory.module);
      name(imports, this.memory.field);
      imports.push(0x02, this.memory.sharedMax === null ? 0x00 : 0x03);
      uleb(imports, this.memory.min);
      if (this.memory.sharedMax !== null) uleb(imports, this.memory.sharedMax);
      section(out, 2, imports);
    }
    const fsec: number[] = [];
    uleb(fsec, this.funcs.length);
    this.funcs.forEach((_, i) => uleb(fsec, i)); // function i uses type i
    section(out, 3, fsec);
    const ex: number[] = [];
    uleb(ex, this.exports.length);
    for (const [field, f] of this.exports) {
      name(ex, field);
      ex.push(0x00);
      uleb(ex, f.index);
    }
    section(out, 7, ex);
    const code: number[] = [];
    uleb(code, this.funcs.length);
    for (const f of this.funcs) for (const b of f.encode()) code.push(b);
    section(out, 10, code);
    return Uint8Array.from(out);
  }
}
