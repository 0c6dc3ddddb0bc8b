// Emits the GEMM WebAssembly modules (f32x4 or f64x2): strided packing, cache blocking and a
// register-blocked micro-kernel. Imports only emit.ts; never backend or kernel code.

import { type Func, type Local, ModuleBuilder } from './emit.ts';

/** Register and cache blocking of the emitted GEMM. */
export interface GemmBlocking {
  /** Rows of C per micro-tile. */
  readonly mr: number;
  /** SIMD vectors of C per micro-tile row (columns = lanes * nv: 4 per vector in f32, 2 in f64). */
  readonly nv: number;
  /** Depth of one packed block. */
  readonly kc: number;
  /** Rows of A packed per block (a multiple of mr). */
  readonly mc: number;
  /** Columns of B packed per block (a multiple of lanes * nv). */
  readonly nc: number;
}

/**
 * Measured on a 2-core AMD EPYC (Zen 5) under Node 20 (GFLOP/s at
 * 256x784x512): 5 x 8 keeps ten accumulators, two B vectors and one
 * broadcast A value in 13 of the 16 xmm registers V8 allocates (56); 2 x 16
 * does as well but wastes more padding on narrow layers; 4 x 8 gives 47, and
 * 6 x 8 or 4 x 12 spill (30). A KC x 8 panel of B (8 KiB) stays in L1 while
 * the MC x KC block of A (80 KiB) sits in L2; KC from 128 to 512 and MC
 * from 40 to 160 measured within noise.
 */
export const DEFAULT_BLOCKING: GemmBlocking = { mr: 5, nv: 2, kc: 256, mc: 80, nc: 2048 };

/**
 * With relaxed-SIMD multiply-add the product needs no temporary register, so a 6 x 8 tile (twelve
 * accumulators, two B vectors, one broadcast: 15 registers) fits where plain SIMD spills. Interleaved
 * on the shared 2-core Zen 4 machine (Node 20 with --experimental-wasm-relaxed-simd, medians in
 * GFLOP/s over 512^3, 784x256x512 A^T.B, 256x784x512 and 256x512x784 A.B^T): 6 x 8 fused 32-48,
 * 5 x 8 fused 29-46, 5 x 8 plain 22-37; 4 x 12 and 3 x 16 spill (21-25). Unrolling the depth loop
 * by 2 or 4 loses a third to a half: V8 hoists every load of the unrolled steps to the top and spills.
 */
export const DEFAULT_BLOCKING_FMA: GemmBlocking = { mr: 6, nv: 2, kc: 256, mc: 72, nc: 2048 };

/**
 * float64: the same 5 x 2-vector register tile (5 x 4 doubles), so the same registers; a KC x 4
 * panel of B is again 8 KiB and the MC x KC block of A 160 KiB.
 */
export const DEFAULT_BLOCKING_F64: GemmBlocking = { mr: 5, nv: 2, kc: 256, mc: 80, nc: 1024 };

/** What one module computes in and how. */
export interface GemmModuleOptions {
  /** Element type (default float32). */
  readonly dtype?: 'float32' | 'float64';
  /** Multiply-add with relaxed SIMD's madd (fused where the engine fuses: last bits may differ). */
  readonly fma?: boolean;
  /** Imports a shared memory of at most this many pages (threads); default a private memory. */
  readonly sharedMaxPages?: number;
}

/** Bytes of scratch the packed panels need for a product with `n` columns (`bytes` per element). */
export function packBytes(blocking: GemmBlocking, n: number, bytes = 4): { a: number; b: number } {
  const nr = (16 / bytes) * blocking.nv;
  const ncp = Math.min(blocking.nc, Math.ceil(n / nr) * nr);
  return { a: blocking.mc * blocking.kc * bytes, b: blocking.kc * ncp * bytes };
}

// The opcodes that differ between f32x4 and f64x2 code (plain ones, then SIMD sub-opcodes).
interface Elem {
  readonly bytes: number;
  readonly lanes: number;
  readonly shift: number;
  readonly fma: boolean;
  readonly load: number;
  readonly store: number;
  readonly add: number;
  readonly max: number;
  readonly splat: number;
  readonly vadd: number;
  readonly vmul: number;
  readonly vmax: number;
  readonly vmadd: number;
}

const elem = (dtype: 'float32' | 'float64', fma: boolean): Elem =>
  dtype === 'float32'
    ? {
        bytes: 4,
        lanes: 4,
        shift: 2,
        fma,
        load: 0x2a,
        store: 0x38,
        add: 0x92,
        max: 0x97,
        splat: 0x09,
        vadd: 0xe4,
        vmul: 0xe6,
        vmax: 0xe9,
        vmadd: 0x105,
      }
    : {
        bytes: 8,
        lanes: 2,
        shift: 3,
        fma,
        load: 0x2b,
        store: 0x39,
        add: 0xa0,
        max: 0xa5,
        splat: 0x0a,
        vadd: 0xf0,
        vmul: 0xf2,
        vmax: 0xf5,
        vmadd: 0x107,
      };

// Element-typed instructions: loads and stores carry the element's alignment.
const load = (f: Func, E: Elem, offset = 0): Func => f.instr(E.load, false, E.shift, offset);
const store = (f: Func, E: Elem, offset = 0): Func => f.instr(E.store, false, E.shift, offset);
const splat = (f: Func, E: Elem, offset: number): Func => f.instr(E.splat, true, E.shift, offset);
const zero = (f: Func, E: Elem): Func => (E.bytes === 4 ? f.f32Const0() : f.f64Const0());

/**
 * Builds a module. It imports `env.memory` and exports `gemv`, `bias_act` (below) and
 * `tiles(a, b, c, m, k, n, aRow, aCol, bRow, bCol, packA, packB, ldc)`: pointers are byte offsets,
 * strides are in elements, and C is written row-major in whole register tiles, rows ldc >= ceil(n / nr)
 * * nr elements apart, over ceil(m / mr) * mr rows; `compact` then closes the padding. Requires m, n, k >= 1.
 * Threads each fill a panel of one C (rows from a multiple of mr, or columns from a multiple of nr).
 */
export function buildGemmModule(
  blocking: GemmBlocking = DEFAULT_BLOCKING,
  options: GemmModuleOptions = {},
): Uint8Array {
  const { mr, nv, kc: KC, mc: MC, nc: NC } = blocking;
  const E = elem(options.dtype ?? 'float32', options.fma === true);
  const nr = E.lanes * nv;
  if (MC % mr !== 0 || NC % nr !== 0) throw new RangeError('inconsistent GEMM blocking');
  const mod = new ModuleBuilder().importMemory('env', 'memory', 1, options.sharedMaxPages ?? null);
  const kernel = emitKernel(mod.func(['i32', 'i32', 'i32', 'i32', 'i32', 'i32']), mr, nv, E);
  const packA = emitPack(mod.func(['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32']), mr, E);
  const packB = emitPack(mod.func(['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32']), nr, E);
  const tiles = mod.func(Array<'i32'>(13).fill('i32'));
  emitTiles(tiles, kernel, packA, packB, { mr, nr, KC, MC, NC }, E);
  mod.export('tiles', tiles);
  const compact = mod.func(['i32', 'i32', 'i32', 'i32']);
  emitCompact(compact, E);
  mod.export('compact', compact);
  const epilogue = mod.func(['i32', 'i32', 'i32', 'i32', 'i32']);
  emitBiasAct(epilogue, E);
  mod.export('bias_act', epilogue);
  const gemv = mod.func(Array<'i32'>(8).fill('i32'));
  emitGemv(gemv, packB, nr, E);
  mod.export('gemv', gemv);
  return mod.bytes();
}

/**
 * gemv(a, b, c, m, k, aRow, aCol, pa): C = op(A) . b for one column b of k contiguous values (a
 * layer with one output unit, or the gradient of its weights). Panels of w rows of A are packed
 * depth-major (the B packer serves: same panel width), and each depth step multiplies one
 * splatted b value into w / lanes vectors of rows. Every element is summed in depth order from zero,
 * as in the GEMM kernel, so both give the same bits; this skips the GEMM's w-wide column padding
 * (w times the work). Needs w * k values at pa and room for ceil(m / w) * w values at c.
 */
function emitGemv(f: Func, pack: Func, w: number, E: Elem): void {
  const a = f.param(0),
    b = f.param(1),
    c = f.param(2),
    m = f.param(3),
    k = f.param(4),
    aRow = f.param(5),
    aCol = f.param(6),
    pa = f.param(7);
  const nv = w / E.lanes;
  const acc = Array.from({ length: nv }, () => f.local('v128'));
  const bv = f.local('v128');
  const r0 = f.local('i32'),
    rows = f.local('i32'),
    t = f.local('i32'),
    wl = f.local('i32');
  const p = f.local('i32'),
    end = f.local('i32'),
    bp = f.local('i32');
  f.i32(0).set(r0);
  whileLt(f, r0, m, () => {
    blockLen(f, rows, m, r0, w, t, wl);
    // pack(src, dst, r0, rows, p0, kc, rStride, pStride): rows r0.. of A, all k depths, zero-padded to w
    f.get(a).get(pa).get(r0).get(rows).i32(0).get(k).get(aRow).get(aCol).call(pack);
    for (const x of acc) f.v128Zero().set(x);
    f.get(pa).set(p);
    f.get(pa)
      .get(k)
      .i32(w * E.bytes)
      .mul()
      .add()
      .set(end);
    f.get(b).set(bp);
    whileLt(f, p, end, () => {
      splat(f.get(bp), E, 0).set(bv);
      for (let v = 0; v < nv; v++) madd(f, acc[v]!, () => f.get(p).v128Load(16 * v), bv, E);
      inc(f, p, w * E.bytes);
      inc(f, bp, E.bytes);
    });
    f.get(c).get(r0).i32(E.shift).shl().add().set(t);
    for (let v = 0; v < nv; v++)
      f.get(t)
        .get(acc[v]!)
        .v128Store(16 * v);
    inc(f, r0, w);
  });
}

// acc = x * y + acc, with x pushed by `x` and y a local: fused (relaxed madd) or multiply then add.
function madd(f: Func, acc: Local, x: () => void, y: Local, E: Elem): void {
  if (E.fma) {
    x();
    f.get(y).get(acc).instr(E.vmadd, true);
  } else {
    f.get(acc);
    x();
    f.get(y).instr(E.vmul, true).instr(E.vadd, true);
  }
  f.set(acc);
}

/**
 * bias_act(c, bias, m, n, relu): C[i, j] += bias[j] for an m x n row-major C,
 * then max(., 0) when relu is 1 (the SIMD max keeps NaN). Runs while C is still in
 * this memory, so a dense layer's bias and activation cost no extra pass in
 * JavaScript. One vector of columns at a time, then a scalar tail per row.
 */
function emitBiasAct(f: Func, E: Elem): void {
  const c = f.param(0),
    bias = f.param(1),
    m = f.param(2),
    n = f.param(3),
    relu = f.param(4);
  const i = f.local('i32'),
    j = f.local('i32'),
    nVec = f.local('i32'),
    p = f.local('i32'),
    q = f.local('i32');
  const zeroV = f.local('v128');
  f.v128Zero().set(zeroV);
  f.get(n).i32(-E.lanes).and().set(nVec);
  const rows = (withRelu: boolean): void => {
    f.i32(0).set(i);
    whileLt(f, i, m, () => {
      f.i32(0).set(j);
      const addr = (): void => {
        f.get(c).get(j).i32(E.shift).shl().add().set(p);
        f.get(bias).get(j).i32(E.shift).shl().add().set(q);
      };
      whileLt(f, j, nVec, () => {
        addr();
        f.get(p).get(p).v128Load().get(q).v128Load().instr(E.vadd, true);
        if (withRelu) f.get(zeroV).instr(E.vmax, true);
        f.v128Store();
        inc(f, j, E.lanes);
      });
      whileLt(f, j, n, () => {
        addr();
        load(f.get(p).get(p), E);
        load(f.get(q), E).instr(E.add, false);
        if (withRelu) zero(f, E).instr(E.max, false);
        store(f, E);
        inc(f, j, 1);
      });
      f.get(c).get(n).i32(E.shift).shl().add().set(c);
      inc(f, i, 1);
    });
  };
  f.get(relu).if(
    () => rows(true),
    () => rows(false),
  );
}

// while (i < end) { body } over an i32 local that the body advances.
function whileLt(f: Func, i: Local, end: Local, body: () => void): void {
  f.block(() =>
    f.loop(() => {
      f.get(i).get(end).geS().brIf(1);
      body();
      f.br(0);
    }),
  );
}

// l += constant
function inc(f: Func, l: Local, by: number): void {
  f.get(l).i32(by).add().set(l);
}

// l += another local
function incBy(f: Func, l: Local, by: Local): void {
  f.get(l).get(by).add().set(l);
}

// min(x, y) of two i32 values already computed into locals.
function minInto(f: Func, out: Local, x: Local, y: Local): void {
  f.get(x).get(y).get(x).get(y).ltS().select().set(out);
}

// out = min(limit, end - start): the length of the block starting at `start` (t and lim are scratch).
function blockLen(f: Func, out: Local, end: Local, start: Local, limit: number, t: Local, lim: Local): void {
  f.get(end).get(start).sub().set(t);
  f.i32(limit).set(lim);
  minInto(f, out, lim, t);
}

/**
 * kernel(kc, pa, pb, c, ldcBytes, first): one mr x nr tile of C over depth kc.
 * Packed A gives mr values per depth step (broadcast one at a time), packed
 * B gives nr contiguous values. `first` starts from zero; later depth blocks
 * resume from C, so each element is summed in depth order.
 */
function emitKernel(f: Func, mr: number, nv: number, E: Elem): Func {
  const kc = f.param(0),
    pa = f.param(1),
    pb = f.param(2),
    c = f.param(3),
    ldc = f.param(4),
    first = f.param(5);
  const acc: Local[][] = [];
  for (let r = 0; r < mr; r++) acc.push(Array.from({ length: nv }, () => f.local('v128')));
  const bv = Array.from({ length: nv }, () => f.local('v128'));
  const av = f.local('v128');
  const row = f.local('i32');
  const end = f.local('i32');
  const nr = E.lanes * nv;

  f.get(first).if(
    () => {
      for (const r of acc) for (const x of r) f.v128Zero().set(x);
    },
    () => {
      f.get(c).set(row);
      for (let r = 0; r < mr; r++) {
        for (let v = 0; v < nv; v++)
          f.get(row)
            .v128Load(16 * v)
            .set(acc[r]![v]!);
        if (r + 1 < mr) incBy(f, row, ldc);
      }
    },
  );
  const step = (): void => {
    for (let v = 0; v < nv; v++)
      f.get(pb)
        .v128Load(16 * v)
        .set(bv[v]!);
    for (let r = 0; r < mr; r++) {
      splat(f.get(pa), E, E.bytes * r).set(av);
      for (let v = 0; v < nv; v++) madd(f, acc[r]![v]!, () => f.get(av), bv[v]!, E);
    }
  };
  f.get(pa)
    .get(kc)
    .i32(mr * E.bytes)
    .mul()
    .add()
    .set(end);
  // Kept as a plain top-tested loop on purpose: unrolling it by 2 or 4, or
  // testing at the bottom (do-while), each ran at about half the speed under
  // V8's optimizing tier on the machine measured above.
  whileLt(f, pa, end, () => {
    step();
    inc(f, pa, mr * E.bytes);
    inc(f, pb, nr * E.bytes);
  });
  f.get(c).set(row);
  for (let r = 0; r < mr; r++) {
    for (let v = 0; v < nv; v++)
      f.get(row)
        .get(acc[r]![v]!)
        .v128Store(16 * v);
    if (r + 1 < mr) incBy(f, row, ldc);
  }
  return f;
}

/**
 * pack(src, dst, r0, rows, p0, kc, rStride, pStride): copies rows
 * [r0, r0+rows) x depth [p0, p0+kc) of a strided operand into panels of `w`
 * rows, depth-major (w values per depth step). Panels that run past the edge
 * are zero-filled, so the kernel never branches on edges; those lanes only
 * reach padding columns of C that are never read. Contiguous rows (a
 * transposed A, a plain B) copy whole vectors.
 */
function emitPack(f: Func, w: number, E: Elem): Func {
  const src = f.param(0),
    dst = f.param(1),
    r0 = f.param(2),
    rows = f.param(3);
  const p0 = f.param(4),
    kc = f.param(5),
    rs = f.param(6),
    ps = f.param(7);
  const r = f.local('i32'),
    live = f.local('i32'),
    p = f.local('i32'),
    base = f.local('i32');
  const addr = f.local('i32'),
    q = f.local('i32'),
    wl = f.local('i32'),
    left = f.local('i32');
  const B = E.bytes;
  f.get(rs).i32(E.shift).shl().set(rs);
  f.get(ps).i32(E.shift).shl().set(ps);
  f.i32(w).set(wl);
  f.i32(0).set(r);
  whileLt(f, r, rows, () => {
    f.get(rows).get(r).sub().set(left);
    minInto(f, live, wl, left);
    // base = src + (r0 + r) * rsBytes + p0 * psBytes
    f.get(src).get(r0).get(r).add().get(rs).mul().add().get(p0).get(ps).mul().add().set(base);
    f.i32(0).set(p);
    const eachDepth = (body: () => void): void =>
      whileLt(f, p, kc, () => {
        body();
        inc(f, dst, w * B);
        incBy(f, base, ps);
        inc(f, p, 1);
      });
    const copy = (to: () => void, from: () => void, offset: number, fromOffset = 0): void => {
      to();
      from();
      store(load(f, E, fromOffset), E, offset);
    };
    f.get(live)
      .i32(w)
      .eq()
      .get(rs)
      .i32(B)
      .eq()
      .and()
      .if(
        () =>
          eachDepth(() => {
            const vectors = Math.floor((w * B) / 16);
            for (let v = 0; v < vectors; v++)
              f.get(dst)
                .get(base)
                .v128Load(16 * v)
                .v128Store(16 * v);
            for (let x = (16 * vectors) / B; x < w; x++)
              copy(
                () => f.get(dst),
                () => f.get(base),
                B * x,
                B * x,
              );
          }),
        () =>
          f
            .get(live)
            .i32(w)
            .eq()
            .if(
              () =>
                eachDepth(() => {
                  f.get(base).set(addr);
                  for (let x = 0; x < w; x++) {
                    copy(
                      () => f.get(dst),
                      () => f.get(addr),
                      B * x,
                    );
                    if (x + 1 < w) incBy(f, addr, rs);
                  }
                }),
              () =>
                eachDepth(() => {
                  f.get(base).set(addr);
                  f.i32(0).set(q);
                  whileLt(f, q, live, () => {
                    copy(
                      () => f.get(dst).get(q).i32(E.shift).shl().add(),
                      () => f.get(addr),
                      0,
                    );
                    incBy(f, addr, rs);
                    inc(f, q, 1);
                  });
                  whileLt(f, q, wl, () => {
                    store(zero(f.get(dst).get(q).i32(E.shift).shl().add(), E), E);
                    inc(f, q, 1);
                  });
                }),
            ),
      );
    inc(f, r, w);
  });
  return f;
}

/** compact(c, m, n, ldc): closes tiles' padding, row i moving from i * ldc to i * n (memmove, rows ascending). */
function emitCompact(f: Func, E: Elem): void {
  const c = f.param(0),
    m = f.param(1),
    n = f.param(2),
    ldc = f.param(3);
  const i = f.local('i32');
  f.i32(1).set(i);
  whileLt(f, i, m, () => {
    f.get(c).get(i).get(n).mul().i32(E.shift).shl().add();
    f.get(c).get(i).get(ldc).mul().i32(E.shift).shl().add();
    f.get(n).i32(E.shift).shl();
    f.memoryCopy();
    inc(f, i, 1);
  });
}

function emitTiles(
  f: Func,
  kernel: Func,
  packA: Func,
  packB: Func,
  s: { mr: number; nr: number; KC: number; MC: number; NC: number },
  E: Elem,
): void {
  const a = f.param(0),
    b = f.param(1),
    c = f.param(2),
    m = f.param(3),
    k = f.param(4),
    n = f.param(5);
  const aRow = f.param(6),
    aCol = f.param(7),
    bRow = f.param(8),
    bCol = f.param(9),
    pa = f.param(10),
    pb = f.param(11),
    ldc = f.param(12);
  const ldcBytes = f.local('i32');
  const jc = f.local('i32'),
    nc = f.local('i32'),
    ncp = f.local('i32');
  const pc = f.local('i32'),
    kc = f.local('i32');
  const ic = f.local('i32'),
    mc = f.local('i32'),
    mcp = f.local('i32');
  const jr = f.local('i32'),
    ir = f.local('i32'),
    t = f.local('i32'),
    lim = f.local('i32');
  const roundUp = (x: Local, to: number, out: Local): void => {
    f.get(x)
      .i32(to - 1)
      .add()
      .i32(to)
      .divU()
      .i32(to)
      .mul()
      .set(out);
  };
  f.get(ldc).i32(E.shift).shl().set(ldcBytes);
  f.i32(0).set(jc);
  whileLt(f, jc, n, () => {
    blockLen(f, nc, n, jc, s.NC, t, lim);
    roundUp(nc, s.nr, ncp);
    f.i32(0).set(pc);
    whileLt(f, pc, k, () => {
      blockLen(f, kc, k, pc, s.KC, t, lim);
      f.get(b).get(pb).get(jc).get(nc).get(pc).get(kc).get(bCol).get(bRow).call(packB);
      f.i32(0).set(ic);
      whileLt(f, ic, m, () => {
        blockLen(f, mc, m, ic, s.MC, t, lim);
        roundUp(mc, s.mr, mcp);
        f.get(a).get(pa).get(ic).get(mc).get(pc).get(kc).get(aRow).get(aCol).call(packA);
        f.i32(0).set(jr);
        whileLt(f, jr, ncp, () => {
          f.i32(0).set(ir);
          whileLt(f, ir, mcp, () => {
            // kernel(kc, pa + ir*kc*B, pb + jr*kc*B, c + ((ic+ir)*ldc + jc + jr)*B, ldcBytes, pc == 0)
            f.get(kc);
            f.get(pa).get(ir).get(kc).mul().i32(E.shift).shl().add();
            f.get(pb).get(jr).get(kc).mul().i32(E.shift).shl().add();
            f.get(c).get(ic).get(ir).add().get(ldc).mul().get(jc).add().get(jr).add().i32(E.shift).shl().add();
            f.get(ldcBytes);
            f.get(pc).eqz();
            f.call(kernel);
            inc(f, ir, s.mr);
          });
          inc(f, jr, s.nr);
        });
        inc(f, ic, s.MC);
      });
      inc(f, pc, s.KC);
    });
    inc(f, jc, s.NC);
  });
}
