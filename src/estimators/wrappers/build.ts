// Building the model of a SciKeras wrapper: the one object a build function receives, compiling what it
// returns, and SciKeras's checks of the built model against the data and the `loss` parameter.
// Imports src/core, tensor, nn and the wrappers' compile arguments.

import { ArgumentError, ValueError, describe } from '../../core/errors.ts';
import { canonicalName, isRecord } from '../../core/objects.ts';
import { withSeed } from '../../tensor/rng.ts';
import { Sequential } from '../../nn/sequential.ts';
import { getLoss } from '../../nn/losses.ts';
import type { Label, TargetType } from '../utils/multiclass.ts';
import { isClass, isPlainObject } from './unflatten.ts';
import { lossName, type CompileKwargs } from './compile-args.ts';
import type { ClassifierOutput, ElementOf } from '../utils/prediction-types.ts';

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
  /** The fitted target encoder (SciKeras's `target_encoder_`). */
  targetEncoder_?: unknown;
  /** The fitted feature encoder (SciKeras's `feature_encoder_`). */
  featureEncoder_?: unknown;
  /** What a custom encoder's `getMetadata()` adds. */
  [encoderMeta: string]: unknown;
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

/** Everything buildModel needs from the wrapper. */
export interface BuildSpec {
  owner: string;
  /** The `model` parameter: a Sequential, a build function, or null when the class has `_kerasBuildFn`. */
  model: unknown;
  kerasBuildFn: ((compileKwargs: CompileKwargs, args: BuildArgs) => Sequential) | null;
  args: BuildArgs;
  /** Seeds weight initialisation inside the build function. */
  seed: number;
  /** The width of the model's input (X's features), or null when a feature encoder decides it. */
  nFeaturesIn: number | null;
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
  ensureCompiled(model, compile, owner);
  if (spec.nFeaturesIn === null) return model;
  if (!model.built) model.build([spec.nFeaturesIn]);
  const inShape = model.getInputShape();
  if (inShape !== null && (inShape.length !== 1 || inShape[0] !== spec.nFeaturesIn)) {
    throw new ValueError(
      `The model expects inputs of shape [batch,${inShape.join(',')}] but X has ${spec.nFeaturesIn} features.`,
    );
  }
  return model;
}

/**
 * SciKeras's `_ensure_compiled_model`: a model that is not compiled (a build function that does not compile, a
 * model restored from JSON without its custom loss) is compiled with `compileKwargs`.
 */
export function ensureCompiled(model: Sequential, compile: CompileKwargs, owner: string): void {
  if (model.isCompiled) return;
  if (compile.loss === null)
    throw new ValueError(
      `You must provide a loss or a compiled model: set ${owner}({ loss: ... }) or compile the model inside the build function.`,
    );
  if (compile.optimizer == null)
    throw new ValueError(`You must provide an optimizer or a compiled model: set ${owner}({ optimizer: ... }).`);
  const { optimizer, loss, metrics, ...rest } = compile;
  model.compile({
    loss,
    optimizer,
    metrics: metrics as string[],
    ...(rest.weightedMetrics !== undefined ? { weightedMetrics: rest.weightedMetrics as string[] } : {}),
    ...(isRecord(rest.lossSettings) ? { lossSettings: rest.lossSettings } : {}),
  });
}

/**
 * SciKeras's `_check_model_compatibility`: the model must have the outputs the target encoder expects, and
 * when both the `loss` parameter and the compiled loss are names, classes or loss objects (not functions),
 * a `loss` that differs from the class's default must be the compiled one.
 */
export function checkModelCompatibility(
  model: Sequential,
  spec: { nOutputsExpected: unknown; loss: unknown; defaultLoss: unknown },
): void {
  const expected = spec.nOutputsExpected;
  // A Sequential model has one output.
  if (typeof expected === 'number' && expected !== 0 && expected !== 1)
    throw new ValueError(`Detected a Keras model input of size ${expected}, but ${model.name} has 1 outputs`);
  const compiled = model.loss;
  if (!isComparableLoss(spec.loss) || !isComparableLoss(compiled)) return;
  const name = (l: unknown): string => canonicalName(lossName(l) ?? '');
  const given = name(spec.loss);
  const fallback = spec.defaultLoss == null ? null : name(spec.defaultLoss);
  if (given !== fallback && name(compiled) !== given) {
    throw new ValueError(
      `loss=${describe(spec.loss)} but model compiled with ${compiled.name}. Data may not match loss function!`,
    );
  }
}

/**
 * A loss SciKeras compares by name: a string, a class, or a loss object. A compiled record from a function
 * the loss registry does not know stands for that function, which is not compared.
 */
function isComparableLoss(l: unknown): boolean {
  if (typeof l === 'string' || isClass(l)) return true;
  if (typeof l !== 'object' || l === null || Array.isArray(l)) return false;
  if (!isPlainObject(l)) return true;
  const n = (l as { name?: unknown }).name;
  if (typeof n !== 'string') return false;
  try {
    getLoss(n);
    return true;
  } catch {
    return false;
  }
}
