// Buffer allocation for kernels, with an optional arena so a training step
// that repeats the same sequence of ops reuses the same buffers every batch.
// Imports only dtype.

import { type DType, type TypedArray, newArray, dtypeOf } from './dtype.ts';

/**
 * A sequence of buffers handed out in order. Between resets the same call
 * sequence gets the same buffers back, so a repeated computation (a training
 * step at a fixed batch size) allocates nothing after its first run.
 * NOTE: reused buffers are dirty; every kernel writes all of its output.
 */
export class BufferArena {
  private readonly slots: TypedArray[] = [];
  private next = 0;

  take(dtype: DType, n: number): TypedArray {
    const slot = this.slots[this.next];
    if (slot !== undefined && slot.length === n && dtypeOf(slot) === dtype) {
      this.next++;
      return slot;
    }
    const fresh = newArray(dtype, n);
    this.slots[this.next++] = fresh;
    return fresh;
  }

  reset(): void {
    this.next = 0;
  }

  /** Number of buffers this arena holds (for tests: it stops growing once warm). */
  get buffers(): number {
    return this.slots.length;
  }
}

let active: BufferArena | null = null;

/** Storage for a kernel's output: from the active arena if one is set, else fresh (and zeroed). */
export function alloc(dtype: DType, n: number): TypedArray {
  return active === null ? newArray(dtype, n) : active.take(dtype, n);
}

/** Like `alloc`, but always zero-filled. */
export function allocZeroed(dtype: DType, n: number): TypedArray {
  if (active === null) return newArray(dtype, n);
  const b = active.take(dtype, n);
  b.fill(0);
  return b;
}

/**
 * Runs `fn` with `arena` supplying every kernel buffer. Tensors made inside
 * must not outlive the next run with the same arena (read scalars out first).
 */
export function withArena<T>(arena: BufferArena, fn: () => T): T {
  const prev = active;
  active = arena;
  arena.reset();
  try {
    return fn();
  } finally {
    active = prev;
  }
}

/** Runs `fn` with fresh allocations even inside an arena (for results that must persist). */
export function outsideArena<T>(fn: () => T): T {
  const prev = active;
  active = null;
  try {
    return fn();
  } finally {
    active = prev;
  }
}
