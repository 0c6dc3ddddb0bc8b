// Emits the f32 GEMM WebAssembly module: strided packing, cache blocking and a
// register-blocked f32x4 micro-kernel. Imports only emit.ts; never backend or kernel code.

import { type Func, type Local, ModuleBuilder } from './emit.ts';

/** Register and cache blocking of the emitted GEMM. */
export interface GemmBlocking {
  /** Rows of C per micro-tile. */
  readonly mr: number;
  /** f32x4 vectors of C per micro-tile row (columns = 4 * nv). */
  readonly nv: number;
  /** Depth of one packed block. */
  readonly kc: number;
  /** Rows of A packed per block (a multiple of mr). */
  readonly mc: number;
  /** Columns of B packed per block (a multiple of 4 * nv). */
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

/** Bytes of scratch the packed panels need for a product with `n` columns. */
export function packBytes(blocking: GemmBlocking, n: number): { a: number; b: number } {
  const nr = 4 * blocking.nv;
  const ncp = Math.min(blocking.nc, Math.ceil(n / nr) * nr);
  return { a: blocking.mc * blocking.kc * 4, b: blocking.kc * ncp * 4 };
}

/**
 * Builds the module. It imports `env.memory` and exports `gemv` and `bias_act` (below) and
 * `gemm(a, b, c, m, k, n, aRow, aCol, bRow, bCol, packA, packB)`: pointers
 * are byte offsets, strides are in elements, and C is written row-major with
 * exactly n columns. Requires m, n, k >= 1; C needs room for
 * ceil(m / mr) * mr rows of ceil(n / nr) * nr columns while it works.
 */
export function buildGemmModule(blocking: GemmBlocking = DEFAULT_BLOCKING): Uint8Array {
  const { mr, nv, kc: KC, mc: MC, nc: NC } = blocking;
  const nr = 4 * nv;
  if (MC % mr !== 0 || NC % nr !== 0) throw new RangeError('inconsistent GEMM blocking');
  const mod = new ModuleBuilder().importMemory('env', 'memory', 1);
  const kernel = emitKernel(mod.func(['i32', 'i32', 'i32', 'i32', 'i32', 'i32']), mr, nv);
  const packA = emitPack(mod.func(['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32']), mr);
  const packB = emitPack(mod.func(['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32']), nr);
  const gemm = mod.func(Array<'i32'>(12).fill('i32'));
  emitDriver(gemm, kernel, packA, packB, { mr, nr, KC, MC, NC });
  mod.export('gemm', gemm);
  const epilogue = mod.func(['i32', 'i32', 'i32', 'i32', 'i32']);
  emitBiasAct(epilogue);
  mod.export('bias_act', epilogue);
  const gemv = mod.func(Array<'i32'>(8).fill('i32'));
  emitGemv(gemv, packB, nr);
  mod.export('gemv', gemv);
  return mod.bytes();
}

/**
 * gemv(a, b, c, m, k, aRow, aCol, pa): C = op(A) . b for one column b of k contiguous floats (a
 * layer with one output unit, or the gradient of its weights). Panels of w rows of A are packed
 * depth-major (the B packer serves: same panel width), and each depth step multiplies one
 * splatted b value into w / 4 vectors of rows. Every element is summed in depth order from zero,
 * as in the GEMM kernel, so both give the same bits; this skips the GEMM's w-wide column padding
 * (w times the work). Needs w * k floats at pa and room for ceil(m / w) * w values at c.
 */
function emitGemv(f: Func, pack: Func, w: number): void {
  const a = f.param(0),
    b = f.param(1),
    c = f.param(2),
    m = f.param(3),
    k = f.param(4),
    aRow = f.param(5),
    aCol = f.param(6),
    pa = f.param(7);
  const nv = w / 4;
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
      .i32(w * 4)
      .mul()
      .add()
      .set(end);
    f.get(b).set(bp);
    whileLt(f, p, end, () => {
      f.get(bp).v128Load32Splat().set(bv);
      for (let v = 0; v < nv; v++)
        f.get(acc[v]!)
          .get(p)
          .v128Load(16 * v)
          .get(bv)
          .f32x4Mul()
          .f32x4Add()
          .set(acc[v]!);
      inc(f, p, w * 4);
      inc(f, bp, 4);
    });
    f.get(c).get(r0).i32(2).shl().add().set(t);
    for (let v = 0; v < nv; v++)
      f.get(t)
        .get(acc[v]!)
        .v128Store(16 * v);
    inc(f, r0, w);
  });
}

/**
 * bias_act(c, bias, m, n, relu): C[i, j] += bias[j] for an m x n row-major C,
 * then max(., 0) when relu is 1 (f32x4.max keeps NaN). Runs while C is still in
 * this memory, so a dense layer's bias and activation cost no extra pass in
 * JavaScript. Four columns at a time, then a scalar tail per row.
 */
function emitBiasAct(f: Func): void {
  const c = f.param(0),
    bias = f.param(1),
    m = f.param(2),
    n = f.param(3),
    relu = f.param(4);
  const i = f.local('i32'),
    j = f.local('i32'),
    n4 = f.local('i32'),
    p = f.local('i32'),
    q = f.local('i32');
  const zero = f.local('v128');
  f.v128Zero().set(zero);
  f.get(n).i32(-4).and().set(n4);
  const rows = (withRelu: boolean): void => {
    f.i32(0).set(i);
    whileLt(f, i, m, () => {
      f.i32(0).set(j);
      whileLt(f, j, n4, () => {
        f.get(c).get(j).i32(2).shl().add().set(p);
        f.get(bias).get(j).i32(2).shl().add().set(q);
        f.get(p).get(p).v128Load().get(q).v128Load().f32x4Add();
        if (withRelu) f.get(zero).f32x4Max();
        f.v128Store();
        inc(f, j, 4);
      });
      whileLt(f, j, n, () => {
        f.get(c).get(j).i32(2).shl().add().set(p);
        f.get(bias).get(j).i32(2).shl().add().set(q);
        f.get(p).get(p).f32Load().get(q).f32Load().f32Add();
        if (withRelu) f.f32Const0().f32Max();
        f.f32Store();
        inc(f, j, 1);
      });
      f.get(c).get(n).i32(2).shl().add().set(c);
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
function emitKernel(f: Func, mr: number, nv: number): Func {
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
  const nr = 4 * nv;

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
      f.get(pa)
        .v128Load32Splat(4 * r)
        .set(av);
      for (let v = 0; v < nv; v++) f.get(acc[r]![v]!).get(av).get(bv[v]!).f32x4Mul().f32x4Add().set(acc[r]![v]!);
    }
  };
  f.get(pa)
    .get(kc)
    .i32(mr * 4)
    .mul()
    .add()
    .set(end);
  // Kept as a plain top-tested loop on purpose: unrolling it by 2 or 4, or
  // testing at the bottom (do-while), each ran at about half the speed under
  // V8's optimizing tier on the machine measured above. Multiply and add stay
  // separate because fused multiply-add needs relaxed SIMD, not yet universal.
  whileLt(f, pa, end, () => {
    step();
    inc(f, pa, mr * 4);
    inc(f, pb, nr * 4);
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
function emitPack(f: Func, w: number): Func {
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
  f.get(rs).i32(2).shl().set(rs);
  f.get(ps).i32(2).shl().set(ps);
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
        inc(f, dst, w * 4);
        incBy(f, base, ps);
        inc(f, p, 1);
      });
    f.get(live)
      .i32(w)
      .eq()
      .get(rs)
      .i32(4)
      .eq()
      .and()
      .if(
        () =>
          eachDepth(() => {
            const vectors = Math.floor(w / 4);
            for (let v = 0; v < vectors; v++)
              f.get(dst)
                .get(base)
                .v128Load(16 * v)
                .v128Store(16 * v);
            for (let x = 4 * vectors; x < w; x++)
              f.get(dst)
                .get(base)
                .f32Load(4 * x)
                .f32Store(4 * x);
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
                    f.get(dst)
                      .get(addr)
                      .f32Load()
                      .f32Store(4 * x);
                    if (x + 1 < w) incBy(f, addr, rs);
                  }
                }),
              () =>
                eachDepth(() => {
                  f.get(base).set(addr);
                  f.i32(0).set(q);
                  whileLt(f, q, live, () => {
                    f.get(dst).get(q).i32(2).shl().add().get(addr).f32Load().f32Store();
                    incBy(f, addr, rs);
                    inc(f, q, 1);
                  });
                  whileLt(f, q, wl, () => {
                    f.get(dst).get(q).i32(2).shl().add().f32Const0().f32Store();
                    inc(f, q, 1);
                  });
                }),
            ),
      );
    inc(f, r, w);
  });
  return f;
}

function emitDriver(
  f: Func,
  kernel: Func,
  packA: Func,
  packB: Func,
  s: { mr: number; nr: number; KC: number; MC: number; NC: number },
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
    pb = f.param(11);
  const np = f.local('i32'),
    ldc = f.local('i32');
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
  roundUp(n, s.nr, np);
  f.get(np).i32(2).shl().set(ldc);
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
            // kernel(kc, pa + ir*kc*4, pb + jr*kc*4, c + ((ic+ir)*np + jc + jr)*4, ldc, pc == 0)
            f.get(kc);
            f.get(pa).get(ir).get(kc).mul().i32(2).shl().add();
            f.get(pb).get(jr).get(kc).mul().i32(2).shl().add();
            f.get(c).get(ic).get(ir).add().get(np).mul().get(jc).add().get(jr).add().i32(2).shl().add();
            f.get(ldc);
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
  // Close the padding: row i moves from i*np to i*n (memmove, rows ascending).
  f.get(np)
    .get(n)
    .ne()
    .if(() => {
      f.i32(1).set(ir);
      whileLt(f, ir, m, () => {
        f.get(c).get(ir).get(n).mul().i32(2).shl().add();
        f.get(c).get(ir).get(np).mul().i32(2).shl().add();
        f.get(n).i32(2).shl();
        f.memoryCopy();
        inc(f, ir, 1);
      });
    });
}
