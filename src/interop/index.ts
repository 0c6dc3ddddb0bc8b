// Public surface of scikeras-ts/interop: re-exports only.
export { toOnnx, type ToOnnxOptions } from './onnx-export.ts';
export { toTfjs, toTfjsFiles, type TfjsArtifacts, type TfjsFiles, type TfjsWeightSpec } from './tfjs-export.ts';
export { fromTfjs, type TfjsWeightData } from './tfjs-import.ts';
