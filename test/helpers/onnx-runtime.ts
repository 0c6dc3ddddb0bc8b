// onnxruntime-web on its WebAssembly backend in Node (no native addon), one thread for repeatable runs.
import * as ort from 'onnxruntime-web';

ort.env.wasm.numThreads = 1;
ort.env.logLevel = 'error';

export type OrtOutputs = Record<string, { data: unknown; dims: readonly number[]; type: string }>;

/** Runs a serialised model on rows X (as float32 or float64 input `X`); returns every output. */
export async function runOnnx(
  bytes: Uint8Array,
  X: number[][],
  dtype: 'float32' | 'float64',
  fetches?: string[],
): Promise<OrtOutputs> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const d = (X[0] as number[]).length;
    const flat = X.flat();
    const input =
      dtype === 'float64'
        ? new ort.Tensor('float64', Float64Array.from(flat), [X.length, d])
        : new ort.Tensor('float32', Float32Array.from(flat), [X.length, d]);
    const out = fetches === undefined ? await session.run({ X: input }) : await session.run({ X: input }, fetches);
    return out as unknown as OrtOutputs;
  } finally {
    await session.release();
  }
}

/** Input and output names and types as the runtime reads them from the model. */
export async function describeOnnx(
  bytes: Uint8Array,
): Promise<{ inputs: readonly string[]; outputs: readonly string[] }> {
  const session = await ort.InferenceSession.create(bytes);
  const r = { inputs: session.inputNames.slice(), outputs: session.outputNames.slice() };
  await session.release();
  return r;
}
