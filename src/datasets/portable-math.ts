// exp, sin and cos from IEEE +, -, *, / only (fdlibm's algorithms: Cody-Waite reduction, then its
// minimax polynomials), so the generated datasets are bit-identical on every JavaScript engine (Math.exp
// and Math.sin may differ in the last bit between engines). Accurate to under one ulp. Imports nothing.

const view = new DataView(new ArrayBuffer(8));

function highWord(x: number): number {
  view.setFloat64(0, x);
  return view.getInt32(0);
}

/** x with its low 32 bits cleared. */
function clearLow(x: number): number {
  view.setFloat64(0, x);
  view.setInt32(4, 0);
  return view.getFloat64(0);
}

/** 2^k, exactly, for k in the normal range. */
function pow2(k: number): number {
  view.setInt32(0, (k + 1023) << 20);
  view.setInt32(4, 0);
  return view.getFloat64(0);
}

const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.442695040888963387;

/** e^x (fdlibm's __ieee754_exp). */
export function pexp(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x > 709.782712893384) return Infinity;
  if (x < -745.1332191019411) return 0;
  const ax = Math.abs(x);
  let hi = 0,
    lo = 0,
    k = 0;
  if (ax > 0.34657359027997264) {
    if (ax < 1.0397207708399179) {
      hi = x - (x < 0 ? -LN2_HI : LN2_HI);
      lo = x < 0 ? -LN2_LO : LN2_LO;
      k = x < 0 ? -1 : 1;
    } else {
      k = Math.trunc(INV_LN2 * x + (x < 0 ? -0.5 : 0.5));
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (ax < 3.725290298461914e-9) return 1 + x;
  const t = x * x;
  const c =
    x -
    t *
      (1.66666666666666019037e-1 +
        t *
          (-2.77777777770155933842e-3 +
            t * (6.61375632143793436117e-5 + t * (-1.6533902205465251539e-6 + t * 4.13813679705723846039e-8))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - (lo - (x * c) / (2 - c) - hi);
  // Two factors keep 2^k representable at both ends of the range.
  return k >= -1021 ? y * pow2(k) : y * pow2(k + 1000) * pow2(-1000);
}

function kernelSin(x: number, y: number, iy: boolean): number {
  const z = x * x;
  const v = z * x;
  const r =
    8.33333333332248946124e-3 +
    z *
      (-1.98412698298579493134e-4 +
        z * (2.75573137070700676789e-6 + z * (-2.50507602534068634195e-8 + z * 1.58969099521155010221e-10)));
  if (!iy) return x + v * (-1.66666666666666324348e-1 + z * r);
  return x - (z * (0.5 * y - v * r) - y - v * -1.66666666666666324348e-1);
}

function kernelCos(x: number, y: number): number {
  const ax = Math.abs(x);
  if (ax < 7.450580596923828e-9) return 1;
  const z = x * x;
  const r =
    z *
    (4.16666666666666019037e-2 +
      z *
        (-1.38888888888741095749e-3 +
          z *
            (2.48015872894767294178e-5 +
              z * (-2.75573143513906633035e-7 + z * (2.0875723212981748279e-9 + z * -1.13596475577881948265e-11)))));
  if (ax < 0.3) return 1 - (0.5 * z - (z * r - x * y));
  const qx = ax > 0.78125 ? 0.28125 : clearLow(ax / 4);
  const hz = 0.5 * z - qx;
  const a = 1 - qx;
  return a - (hz - (z * r - x * y));
}

const INV_PIO2 = 6.36619772367581382433e-1;
const PIO2_1 = 1.57079632673412561417;
const PIO2_1T = 6.07710050650619224932e-11;
const PIO2_2 = 6.0771005063039659766e-11;
const PIO2_2T = 2.02226624879595063154e-21;
const PIO2_3 = 2.0222662487111664558e-21;
const PIO2_3T = 8.47842766036889956997e-32;

/** x reduced modulo pi/2 (fdlibm's medium-size __ieee754_rem_pio2): [n, y0, y1] with x = n pi/2 + y0 + y1. */
function remPio2(x: number): [number, number, number] {
  if (Math.abs(x) > 1.6e6) throw new RangeError('portable sin/cos: argument too large for this reduction');
  const n = Math.trunc(x * INV_PIO2 + (x < 0 ? -0.5 : 0.5));
  let r = x - n * PIO2_1;
  let w = n * PIO2_1T;
  const j = (highWord(x) >> 20) & 0x7ff;
  let y0 = r - w;
  if (j - ((highWord(y0) >> 20) & 0x7ff) > 16) {
    let t = r;
    w = n * PIO2_2;
    r = t - w;
    w = n * PIO2_2T - (t - r - w);
    y0 = r - w;
    if (j - ((highWord(y0) >> 20) & 0x7ff) > 49) {
      t = r;
      w = n * PIO2_3;
      r = t - w;
      w = n * PIO2_3T - (t - r - w);
      y0 = r - w;
    }
  }
  return [n, y0, r - y0 - w];
}

/** sin(x) (fdlibm's sin), for |x| up to about 1.6e6. */
export function psin(x: number): number {
  if (Math.abs(x) <= 0.7853981633974483) return kernelSin(x, 0, false);
  const [n, y0, y1] = remPio2(x);
  switch (n & 3) {
    case 0:
      return kernelSin(y0, y1, true);
    case 1:
      return kernelCos(y0, y1);
    case 2:
      return -kernelSin(y0, y1, true);
    default:
      return -kernelCos(y0, y1);
  }
}

/** cos(x) (fdlibm's cos), for |x| up to about 1.6e6. */
export function pcos(x: number): number {
  if (Math.abs(x) <= 0.7853981633974483) return kernelCos(x, 0);
  const [n, y0, y1] = remPio2(x);
  switch (n & 3) {
    case 0:
      return kernelCos(y0, y1);
    case 1:
      return -kernelSin(y0, y1, true);
    case 2:
      return -kernelCos(y0, y1);
    default:
      return kernelSin(y0, y1, true);
  }
}
