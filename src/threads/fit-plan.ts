// What nJobs sends to a fit worker: each job's estimator as JSON (its candidate's parameters set) and the
// modules of the registered user classes in it, or why the fits cannot travel (a parameter JSON leaves
// out, such as a build function closure; a class registered without workerModule; a function or class
// instance in the data or the scoring). Part of the lazy fit-pool chunk: what it needs from the
// library comes in `deps`, so that chunk shares no code with the root import (no extra split chunks).
import type { StepEstimator } from '../estimators/base.ts';
import type { FitJobBatch } from '../estimators/model-selection/parallel-fits.ts';
import type { PackedTensor } from './fit-job.ts';
import type { Tensor } from '../tensor/tensor.ts';
import type { WarningCategory } from '../core/warnings.ts';

/** The estimator and tensor helpers the fit pool uses, passed in by index.ts. */
export interface FitDeps {
  clone(est: StepEstimator): StepEstimator;
  estimatorFromJSON(json: unknown): StepEstimator;
  workerModuleOf(className: string): string | 'built-in' | null;
  Tensor: typeof Tensor;
  warn(category: WarningCategory, message: string): void;
  ThreadError: new (message: string) => Error;
  ValueError: new (message: string, code?: string) => Error;
  abortError(): Error;
}

export interface Plan {
  json: unknown[];
  modules: string[];
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Each job's estimator JSON (parameters set), or why one cannot travel to a worker. */
export function makePlan(batch: FitJobBatch, deps: FitDeps): Plan | string {
  const why = plainReason(batch.y, 'y') ?? plainReason(batch.options.fitParams, 'a fit argument');
  if (why !== null) return why;
  if (!(batch.X instanceof deps.Tensor)) {
    const x = plainReason(batch.X, 'X');
    if (x !== null) return x;
  }
  if (plainReason(batch.scoring, 'scoring') !== null)
    return 'a scoring function cannot travel to a worker (give a scoring name)';
  const modules = new Set<string>();
  const byParams = new Map<unknown, unknown>();
  const json: unknown[] = [];
  for (const job of batch.jobs) {
    let j = byParams.get(job.params);
    if (j === undefined) {
      let est: StepEstimator;
      try {
        est = deps.clone(batch.base);
        if (job.params !== null) est.setParams(job.params);
        j = JSON.parse(JSON.stringify(est)) as unknown;
      } catch (e) {
        return `the estimator cannot be sent to a worker as JSON: ${message(e)}`;
      }
      const bad = travelReason(j, modules, deps);
      if (bad !== null) return bad;
      byParams.set(job.params, j);
    }
    json.push(j);
  }
  return { json, modules: [...modules] };
}

/** Why an estimator's JSON cannot be restored in a worker (a parameter left out, a class it cannot import). */
function travelReason(j: unknown, modules: Set<string>, deps: FitDeps): string | null {
  if (Array.isArray(j)) {
    for (const x of j) {
      const r = travelReason(x, modules, deps);
      if (r !== null) return r;
    }
    return null;
  }
  if (typeof j !== 'object' || j === null) return null;
  const o = j as Record<string, unknown>;
  if (typeof o.className === 'string' && typeof o.format === 'string') {
    const omitted = o.omittedParams;
    if (Array.isArray(omitted) && omitted.length > 0)
      return (
        `${o.className}'s ${omitted.map((p) => `'${String(p)}'`).join(', ')} cannot travel to a worker as JSON ` +
        '(a function, such as a build function closure, or a non-finite number)'
      );
    const where = deps.workerModuleOf(o.className);
    if (where === null)
      return (
        `${o.className} is not a built-in estimator and was registered without a workerModule: ` +
        `registerEstimator(${o.className}, '${o.className}', { workerModule: import.meta.url })`
      );
    if (where !== 'built-in') modules.add(where);
  }
  for (const v of Object.values(o)) {
    const r = travelReason(v, modules, deps);
    if (r !== null) return r;
  }
  return null;
}

/** Why a value cannot be copied to a worker as it is (structured clone keeps only plain data). */
function plainReason(v: unknown, what: string, depth = 0): string | null {
  if (v === null || v === undefined || typeof v !== 'object') {
    return typeof v === 'function' || typeof v === 'symbol'
      ? `${what} holds a ${typeof v}, which cannot travel to a worker`
      : null;
  }
  if (ArrayBuffer.isView(v) || depth > 64) return null;
  const proto = Object.getPrototypeOf(v) as unknown;
  if (!Array.isArray(v) && proto !== Object.prototype && proto !== null)
    return `${what} holds a ${(v as object).constructor?.name ?? 'class instance'}, which cannot travel to a worker`;
  for (const x of Object.values(v as object)) {
    const r = plainReason(x, what, depth + 1);
    if (r !== null) return r;
  }
  return null;
}

/** X as it travels to a worker: a Tensor as its data, shape and dtype (structured clone drops classes). */
export function packX(X: unknown, deps: FitDeps): unknown {
  if (!(X instanceof deps.Tensor)) return X;
  const p: PackedTensor = { packedTensor: true, data: X.data, shape: [...X.shape], dtype: X.dtype };
  return p;
}
