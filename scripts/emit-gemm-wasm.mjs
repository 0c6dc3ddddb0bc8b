// Writes dist/gemm.wasm (float32) and dist/gemm-f64.wasm (float64): the GEMM modules with their fingerprint
// sections, for useWasmModule, from the freshly built dist/; `npm run build` runs it after tsc. Fails the
// build when a file does not validate here.
import { writeFileSync } from 'node:fs';

const { gemmModuleFile } = await import('../dist/tensor/wasm/index.js');
for (const [kind, file] of [
  ['float32', 'gemm.wasm'],
  ['float64', 'gemm-f64.wasm'],
]) {
  const bytes = gemmModuleFile(kind);
  if (!WebAssembly.validate(bytes)) throw new Error(`dist/${file} does not validate as a WebAssembly module`);
  writeFileSync(new URL(`../dist/${file}`, import.meta.url), bytes);
  console.log(`dist/${file}: ${bytes.length} bytes (${kind})`);
}
