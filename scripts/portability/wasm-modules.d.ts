// What an edge host (workerd, as wrangler configures it) gives for a `.wasm` import: the compiled module.
declare module '*.wasm' {
  const module: object;
  export default module;
}
