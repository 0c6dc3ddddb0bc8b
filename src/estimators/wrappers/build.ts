// Building the model of a SciKeras wrapper: `compileKwargs` from `optimizer` / `loss` / `metrics` and
// their routed arguments, the one object a build function receives, and compiling what it returns.
// Imports src/core, nn and the wrappers' routing.

import { ArgumentError, ValueError, describe } from '../../core/errors.ts';
import { canonicalName, isRecord } from '../../core/objects.ts';
import { withSeed } from '../../tensor/rng.ts';
import { Sequential } from '../../nn/sequential.ts';
import { Optimizer, getOptimizer, isBuiltInOptimizer, optimizerFromJSON } from '../../nn/optimizers.ts';
import { getLoss, type Loss } from '../../nn/losses.ts';
import type { Label, TargetType } from '../utils/multiclass.ts';
import type { ClassifierOutput, ElementOf } from '../utils/prediction-types.ts';
import { route } from './routing.ts';

/** What the build function and `_kerasBuildFn` get to compile with. */
export interface CompileKwargs {
  optimizer: Optimizer;
  loss: Loss | null;
  metrics: unknown[];
  [routed: string]: unknown;
}

/** Metadata about the data seen at fit (SciKeras' `meta`). */
export interface Meta {
  nFeaturesIn_: number;
  XShape_: number[];
  XDtype_: string;
  yNdim_: number;
  yDtype_: string;
  targetType_: TargetType;
  nOutputs_: number;
  nOutputsExpected_: number;
  classes_?: Label[] | null;
  nClasses_?: number | null;
}

/** `meta` as a classifier's build function sees it: classes known (a multilabel y: column indices). */
export type ClassifierMeta<P extends ClassifierOutput = Label[]> = Meta &
  (P extends number[][]
    ? { classes_: number[] | null; nClasses_: number | null }
    : { classes_: ElementOf<P>[]; nClasses_: number });

/** User parameters without declared types: SciKeras's rule, any key the wrapper does not own. */
export type UserParams = { [userParam: string]: unknown };

/** What every build function receives besides its user parameters. */
export interface BuildArgsBase<M extends Meta = Meta> {
  meta: M;
  compileKwargs: CompileKwargs;
  /** The estimator's getParams(). */
  params: Record<string, unknown>;
}

/**
 * The one object a build function receives: `meta`, `compileKwargs`, `params` and the user parameters U
 * (every non-routed parameter the wrapper does not own, and each `model__x` as `x`). With U given, the
 * estimator's constructor requires those parameters and refuses others (a typo does not compile); left
 * out, any key is a user parameter, as in SciKeras.
 *
 * @example
 * function build({ hiddenLayerSizes, meta, compileKwargs }: ClassifierBuildArgs<{ hiddenLayerSizes: number[] }>) { ... }
 */
export type BuildArgs<U extends object = UserParams, M extends Meta = Meta> = BuildArgsBase<M> & U;
/** A KerasClassifier's build argument: `meta.nClasses_` and `meta.classes_` are known. */
export type ClassifierBuildArgs<U extends object = UserParams, P extends ClassifierOutput = Label[]> = BuildArgs<
  U,
  ClassifierMeta<P>
>;
/** A KerasRegressor's build argument. */
export type RegressorBuildArgs<U extends object = UserParams> = BuildArgs<U, Meta>;

/** The user parameters a build function's argument type A declares (untyped when A has an index signature). */
export type UserParamsOf<A> = string extends keyof A ? UserParams : Omit<A, keyof BuildArgsBase>;

/**
 * A build function: one object in, a Sequential out. Declared through a
 * method so a function typed for its own user parameters
 * (`BuildArgs & { hiddenLayerSizes: number[] }`) is accepted.
 */
export type BuildFn = { build(args: BuildArgs): Sequential }['build'];

// What compile__* may set (the arguments of Sequential.compile).
const COMPILE_KEYS: readonly string[] = ['optimizer', 'loss', 'metrics', 'weightedMetrics', 'lossSettings'];

/** The optimizer built from `optimizer` + `optimizer__*`, the loss from `loss` + `loss__*`, metrics, `compile__*`. */
export function compileKwargs(params: Record<string, unknown>): CompileKwargs {
  const optArgs = route(params, 'optimizer', { strict: true });
  // Only what the loss takes may be routed to it (getLoss names the valid arguments); nothing is silently dropped.
  const lossArgs = route(params, 'loss');
  for (const k of Object.keys(route(params, 'metrics'))) {
    throw new ValueError(
      `metrics__${k}: metrics here take no arguments; pass metric objects ({ name, batchSum }) for custom behaviour`,
    );
  }
  // compile__optimizer / compile__loss / compile__metrics take the place of the plain parameters (SciKeras).
  const compileArgs = route(params, 'compile');
  for (const k of Object.keys(compileArgs)) {
    if (!COMPILE_KEYS.includes(k))
      throw new ValueError(
        `compile__${k}: unknown compile argument '${k}'. Valid arguments: ${COMPILE_KEYS.join(', ')}`,
      );
  }
  const pick = (k: 'optimizer' | 'loss' | 'metrics'): unknown => (k in compileArgs ? compileArgs[k] : params[k]);
  const loss = pick('loss'),
    metrics = pick('metrics'),
    optimizer = pick('optimizer');
  const kw: CompileKwargs = {
    ...compileArgs,
    optimizer: undefined as unknown as Optimizer,
    loss: loss == null ? null : getLoss(loss, lossArgs),
    metrics: metrics == null ? [] : Array.isArray(metrics) ? metrics.slice() : [metrics],
  };
  // An optimizer instance is a template: each new model trains with its own copy, so fit never
  // changes the parameter's state (scikit-learn's rule) and a refit starts from the same point.
  // Only the built-in classes are copied: a user's subclass may carry behaviour its config cannot rebuild.
  if (isBuiltInOptimizer(optimizer) && Object.keys(optArgs).length === 0) {
    kw.optimizer = optimizerFromJSON({ className: optimizer.className, config: optimizer.getConfig() });
  } else if (optimizer != null) kw.optimizer = getOptimizer(optimizer, optArgs);
  return kw;
}

/** Whether a loss (name or object) is categorical cross-entropy, which trains on one-hot targets. */
export function isCategoricalLoss(loss: unknown): boolean {
  if (typeof loss === 'string') return ['categoricalcrossentropy', 'cce'].includes(canonicalName(loss));
  if (typeof loss === 'object' && loss !== null && 'name' in loss)
    return (loss as Loss).name === 'categorical_crossentropy';
  return false;
}

/** Everything buildModel needs from the wrapper. */
export interface BuildSpec {
  owner: string;
  /** The `model` parameter: a Sequential, a build function, or null when the class has `_kerasBuildFn`. */
  model: unknown;
  kerasBuildFn: ((compileKwargs: CompileKwargs, args: BuildArgs) => Sequential) | null;
  args: BuildArgs;
  /** Seeds weight initialisation inside the build function. */
  seed: number;
  nFeaturesIn: number;
  /** The plain `loss` parameter (a compiled model's loss must agree with it when both are given). */
  lossParam: unknown;
}

/** Builds the model (build function, `_kerasBuildFn` or a given Sequential), compiles it when needed and checks its input. */
export function buildModel(spec: BuildSpec): Sequential {
  const { owner, args } = spec;
  const compile = args.compileKwargs;
  let model: unknown;
  if (spec.model != null && spec.kerasBuildFn !== null)
    throw new ValueError('This class cannot implement ``_kerasBuildFn`` if using the `model` parameter');
  if (spec.model instanceof Sequential) model = spec.model;
  else if (typeof spec.model === 'function') {
    const fn = spec.model as BuildFn;
    model = withSeed(spec.seed, () => fn(args));
  } else if (spec.model == null) {
    const fn = spec.kerasBuildFn;
    if (fn === null) throw new ValueError('If not using the ``model`` param, you must implement ``_kerasBuildFn``');
    model = withSeed(spec.seed, () => fn(compile, args));
  } else {
    throw new ArgumentError(
      `\`\`model\`\` must be a build function, a Sequential model or null. Got ${describe(spec.model)} instead.`,
    );
  }
  if (!(model instanceof Sequential))
    throw new ArgumentError(
      `The build function of ${owner} must return a Sequential model. Got ${describe(model)} instead.`,
    );
  if (!model.isCompiled) {
    if (compile.loss === null)
      throw new ValueError(
        `You must provide a loss or a compiled model: set ${owner}({ loss: ... }) or compile the model inside the build function.`,
      );
    if (compile.optimizer === undefined)
      throw new ValueError(`You must provide an optimizer or a compiled model: set ${owner}({ optimizer: ... }).`);
    const { optimizer, loss, metrics, ...rest } = compile;
    model.compile({
      loss,
      optimizer,
      metrics: metrics as string[],
      ...(rest.weightedMetrics !== undefined ? { weightedMetrics: rest.weightedMetrics as string[] } : {}),
      ...(isRecord(rest.lossSettings) ? { lossSettings: rest.lossSettings } : {}),
    });
  } else if (
    spec.lossParam != null &&
    compile.loss !== null &&
    canonicalName(compile.loss.name) !== canonicalName(model.loss.name)
  ) {
    throw new ValueError(
      `loss=${describe(spec.lossParam)} but model compiled with ${model.loss.name}. Data may not match loss function!`,
    );
  }
  if (!model.built) model.build([spec.nFeaturesIn]);
  const inShape = model.getInputShape();
  if (inShape !== null && (inShape.length !== 1 || inShape[0] !== spec.nFeaturesIn)) {
    throw new ValueError(
      `The model expects inputs of shape [batch,${inShape.join(',')}] but X has ${spec.nFeaturesIn} features.`,
    );
  }
  return model;
}
