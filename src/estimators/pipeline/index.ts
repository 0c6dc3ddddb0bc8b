// Public surface of scikeras-ts's pipeline module: Pipeline and makePipeline.
export { Pipeline, makePipeline, type PipelineJSON, type PipelineParams, type Step } from './pipeline.ts';
export { type StepEstimator } from '../base.ts';
