// Public surface of scikeras-ts/gpu (the opt-in gpu.js backend): re-exports only.
// Importing it loads nothing; gpu.js is imported when useGpu() is called.
export {
  useGpu,
  useCpu,
  DEFAULT_THRESHOLDS,
  GPU_MODES,
  type GpuMode,
  type GpuJsMode,
  type UseGpuOptions,
} from './backend.ts';
export { backendInfo, type BackendInfo } from '../tensor/index.ts';
