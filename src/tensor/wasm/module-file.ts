// The GEMM as files (dist/gemm.wasm for float32, dist/gemm-f64.wasm for float64, written at build time): the
// emitted module plus a custom section naming its kind and fingerprinting its code, so a module handed in
// later can be told apart and matched to this version's kernels.

import { DEFAULT_BLOCKING, DEFAULT_BLOCKING_F64, buildGemmModule } from './gemm.ts';

/** Name of the custom section that holds the kind and fingerprint. */
export const GEMM_SECTION = 'scikeras-ts/gemm';

/** The element type a GEMM file computes in. */
export type GemmKind = 'float32' | 'float64';

/**
 * The module a file of `kind` holds: float32 plain SIMD (no FMA, so the same bits on every engine) and
 * float64, each with its default blocking, which the driver assumes for a module handed in.
 */
export function gemmFileCode(kind: GemmKind): Uint8Array {
  return kind === 'float32'
    ? buildGemmModule(DEFAULT_BLOCKING)
    : buildGemmModule(DEFAULT_BLOCKING_F64, { dtype: kind });
}

/**
 * What the custom section says about a module: its kind, length and FNV-1a hash.
 * It detects a stale or foreign file, not an adversary: the self-check after
 * instantiation still compares results with the TypeScript kernel.
 */
export function gemmFingerprint(code: Uint8Array, kind: GemmKind): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < code.length; i++) h = Math.imul(h ^ (code[i] as number), 0x01000193);
  return `gemm v2 ${kind} bytes=${code.length} fnv1a=${(h >>> 0).toString(16).padStart(8, '0')}`;
}

const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

function leb128(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** The bytes of dist/gemm.wasm (float32) or dist/gemm-f64.wasm: the module, its fingerprint section appended. */
export function gemmModuleFile(kind: GemmKind = 'float32'): Uint8Array {
  const code = gemmFileCode(kind);
  const name = ascii(GEMM_SECTION);
  const body = [...leb128(name.length), ...name, ...ascii(gemmFingerprint(code, kind))];
  const out = new Uint8Array(code.length + 1 + leb128(body.length).length + body.length);
  out.set(code);
  out.set([0, ...leb128(body.length), ...body], code.length);
  return out;
}
