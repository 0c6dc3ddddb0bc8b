// Training callbacks: the hook interface, earlyStopping and terminateOnNaN, and the factories of every built-in
// callback (the others live in lr-callbacks.ts and logging-callbacks.ts). Imports tensor types only.

import { InvalidParameterError, describe } from '../core/errors.ts';
import { warn } from '../core/warnings.ts';
import {
  LearningRateScheduler,
  ReduceLROnPlateau,
  type EpochSchedule,
  type ReduceLROnPlateauArgs,
} from './lr-callbacks.ts';
import {
  HistoryLogger,
  LambdaCallback,
  ModelCheckpoint,
  type HistoryLoggerArgs,
  type ModelCheckpointArgs,
} from './logging-callbacks.ts';

export type Logs = Record<string, number>;

/** The model surface a callback may touch. */
export interface CallbackModel {
  stopTraining: boolean;
  getWeights(): import('../tensor/tensor.ts').Tensor[];
  setWeights(weights: import('../tensor/tensor.ts').Tensor[]): void;
  /** The compiled optimizer, whose learningRate the learning-rate callbacks read and set. */
  readonly optimizer?: { learningRate: number };
  /** The model as JSON (what modelCheckpoint saves). */
  toJSON?(): unknown;
}

/**
 * Keras's callback hooks; any subset may be given (a plain object works). `fit` calls the train, epoch and
 * batch hooks, and the test hooks while it validates; `evaluate` calls the test hooks, `predict` the predict
 * hooks.
 */
export interface Callback {
  setModel?(model: CallbackModel): void;
  onTrainBegin?(logs?: Logs): void;
  onTrainEnd?(logs?: Logs): void;
  onEpochBegin?(epoch: number, logs?: Logs): void;
  onEpochEnd?(epoch: number, logs?: Logs): void;
  onBatchBegin?(batch: number, logs?: Logs): void;
  onBatchEnd?(batch: number, logs?: Logs): void;
  onTestBegin?(logs?: Logs): void;
  onTestEnd?(logs?: Logs): void;
  onTestBatchBegin?(batch: number, logs?: Logs): void;
  onTestBatchEnd?(batch: number, logs?: Logs): void;
  onPredictBegin?(logs?: Logs): void;
  onPredictEnd?(logs?: Logs): void;
  onPredictBatchBegin?(batch: number, logs?: Logs): void;
  onPredictBatchEnd?(batch: number, logs?: Logs): void;
}

/** Whether `name` is one of Keras's callback hooks (an object with one of them is a callback). */
export function isCallbackHook(name: string): boolean {
  return name === 'setModel' || /^on(Train|Epoch|Batch|Test|TestBatch|Predict|PredictBatch)(Begin|End)$/.test(name);
}

/** Callbacks given as one callback, an array of them, or nothing. */
export function callbackList(cbs: Callback | readonly Callback[] | undefined | null): Callback[] {
  return cbs == null ? [] : Array.isArray(cbs) ? (cbs as Callback[]).slice() : [cbs as Callback];
}

export interface EarlyStoppingArgs {
  monitor?: string;
  minDelta?: number;
  patience?: number;
  mode?: 'auto' | 'min' | 'max';
  baseline?: number | null;
  restoreBestWeights?: boolean;
  startFromEpoch?: number;
}

/**
 * Stops when `monitor` has not improved by more than `minDelta` for
 * `patience` epochs (Keras 3 semantics: with `restoreBestWeights`, the best
 * epoch's weights are put back when training ends, stopped early or not).
 */
export class EarlyStopping implements Callback {
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly mode: 'min' | 'max';
  readonly baseline: number | null;
  readonly restoreBestWeights: boolean;
  readonly startFromEpoch: number;
  stoppedEpoch = 0;
  bestEpoch = 0;
  private model: CallbackModel | null = null;
  private wait = 0;
  private best = Infinity;
  private bestWeights: import('../tensor/tensor.ts').Tensor[] | null = null;

  constructor(args: EarlyStoppingArgs = {}) {
    this.monitor = args.monitor ?? 'val_loss';
    this.minDelta = Math.abs(args.minDelta ?? 0);
    this.patience = args.patience ?? 0;
    if (!Number.isInteger(this.patience) || this.patience < 0)
      throw new InvalidParameterError(
        `The 'patience' parameter of EarlyStopping must be an int in the range [0, inf). Got ${describe(args.patience)} instead.`,
      );
    const mode = args.mode ?? 'auto';
    this.mode = mode === 'auto' ? (/acc|auc|r2|score/.test(this.monitor) ? 'max' : 'min') : mode;
    this.baseline = args.baseline ?? null;
    this.restoreBestWeights = args.restoreBestWeights ?? false;
    this.startFromEpoch = args.startFromEpoch ?? 0;
  }

  setModel(model: CallbackModel): void {
    this.model = model;
  }

  onTrainBegin(): void {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = this.mode === 'min' ? Infinity : -Infinity;
    this.bestWeights = null;
    this.bestEpoch = 0;
  }

  private improved(value: number, reference: number): boolean {
    // Keras: an improvement beats the reference by more than minDelta in the monitored direction.
    return this.mode === 'min' ? value + this.minDelta < reference : value - this.minDelta > reference;
  }

  onEpochEnd(epoch: number, logs: Logs = {}): void {
    const value = logs[this.monitor];
    if (value === undefined) {
      warn(
        'UserWarning',
        `Early stopping conditioned on metric \`${this.monitor}\` which is not available. Available metrics are: ${Object.keys(logs).join(',')}`,
      );
      return;
    }
    if (epoch < this.startFromEpoch) return;
    if (this.restoreBestWeights && this.bestWeights === null) {
      this.bestWeights = this.model?.getWeights() ?? null;
      this.bestEpoch = epoch;
    }
    this.wait++;
    if (this.improved(value, this.best)) {
      this.best = value;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.bestWeights = this.model?.getWeights() ?? null;
      if (this.baseline === null || this.improved(value, this.baseline)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0 && this.model) {
      this.stoppedEpoch = epoch;
      this.model.stopTraining = true;
    }
  }

  onTrainEnd(): void {
    if (this.restoreBestWeights && this.bestWeights !== null) this.model?.setWeights(this.bestWeights);
  }
}

/** Stops training quietly when the loss becomes NaN or infinite (instead of the default error). */
export class TerminateOnNaN implements Callback {
  private model: CallbackModel | null = null;
  readonly handlesNonFinite = true;
  setModel(model: CallbackModel): void {
    this.model = model;
  }
  onBatchEnd(_batch: number, logs: Logs = {}): void {
    const loss = logs.loss;
    if (loss !== undefined && !Number.isFinite(loss) && this.model) this.model.stopTraining = true;
  }
}

/** Callback factories (Keras' callbacks; the classes are exported under their Keras names too). */
export const callbacks = {
  earlyStopping: (args: EarlyStoppingArgs = {}): EarlyStopping => new EarlyStopping(args),
  terminateOnNaN: (): TerminateOnNaN => new TerminateOnNaN(),
  reduceLROnPlateau: (args: ReduceLROnPlateauArgs = {}): ReduceLROnPlateau => new ReduceLROnPlateau(args),
  learningRateScheduler: (schedule: EpochSchedule): LearningRateScheduler => new LearningRateScheduler(schedule),
  modelCheckpoint: (args: ModelCheckpointArgs): ModelCheckpoint => new ModelCheckpoint(args),
  historyLogger: (args: HistoryLoggerArgs): HistoryLogger => new HistoryLogger(args),
  lambdaCallback: (hooks: Record<string, ((...args: never[]) => void) | undefined> = {}): LambdaCallback =>
    new LambdaCallback(hooks),
};
