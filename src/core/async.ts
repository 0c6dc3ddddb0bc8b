// Time and turns of the event loop for the asynchronous fits: a clock, one turn of the loop, the
// AbortError a stopped fit throws. No DOM or Node types: what each runtime offers is probed on globalThis.

/** The part of AbortSignal that fitAsync reads (no DOM types in the core). */
export interface AbortSignalLike {
  readonly aborted: boolean;
}

/** Milliseconds from a monotonic clock where the runtime has one (performance.now), else Date.now. */
export function clock(): number {
  const perf = (globalThis as { performance?: { now(): number } }).performance;
  return perf ? perf.now() : Date.now();
}

/** The error a fit stopped by its signal throws (named AbortError, as fetch and DOM APIs name theirs). */
export function abortError(): Error {
  return Object.assign(new Error('fitAsync: aborted'), { name: 'AbortError' });
}

interface Port {
  onmessage: (() => void) | null;
  postMessage(m: unknown): void;
  close(): void;
}

/**
 * One turn of the event loop (other tasks, rendering, an abort), without the 4 ms that browsers
 * impose on nested setTimeout(0): a MessageChannel message (browsers, workers, Node, Deno, Bun),
 * else setTimeout, else (a bare runtime) a microtask.
 */
export function nextTurn(): Promise<void> {
  const g = globalThis as unknown as {
    MessageChannel?: new () => { port1: Port; port2: Port };
    setTimeout?: (f: () => void, ms: number) => unknown;
  };
  return new Promise((resolve) => {
    if (g.MessageChannel) {
      const ch = new g.MessageChannel();
      ch.port1.onmessage = () => {
        ch.port1.close();
        resolve();
      };
      ch.port2.postMessage(null);
    } else if (g.setTimeout) g.setTimeout(resolve, 0);
    else void Promise.resolve().then(resolve);
  });
}
