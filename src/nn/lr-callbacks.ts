// Callbacks that steer the optimizer's learning rate between epochs: reduceLROnPlateau and learningRateScheduler
// (Keras 3's), each logging the rate as `learning_rate`. Imports core only.

import { ValueError, describe } from '../core/errors.ts';
import { among, interval, validateParams } from '../core/param-validation.ts';
import { warn } from '../core/warnings.ts';
import type { Callback, CallbackModel, Logs } from './callbacks.ts';

function optimizerOf(model: CallbackModel | null, who: string): { learningRate: number } {
  const opt = model?.optimizer;
  if (opt === undefined) throw new ValueError(`${who}: the model has no optimizer; compile it first`);
  return opt;
}

/** A monitored value's direction: 'max' for accuracy-like metrics, 'min' for losses and errors (Keras' auto mode). */
export function monitorMode(owner: string, monitor: string, mode = 'auto'): 'min' | 'max' {
  validateParams(owner, { mode }, { mode: among('auto', 'min', 'max') });
  return mode === 'min' || mode === 'max' ? mode : /acc|auc|precision|recall/.test(monitor) ? 'max' : 'min';
}

const count = interval('int', '[0, inf)');

export interface ReduceLROnPlateauArgs {
  monitor?: string;
  /** new lr = lr * factor (< 1). */
  factor?: number;
  patience?: number;
  mode?: 'auto' | 'min' | 'max';
  /** The least change that counts as an improvement. */
  minDelta?: number;
  /** Epochs to wait after a reduction before counting again. */
  cooldown?: number;
  minLr?: number;
}

/**
 * Multiplies the learning rate by `factor` when `monitor` has not improved by more than `minDelta` for `patience`
 * epochs, never below `minLr`, then waits `cooldown` epochs (Keras 3's ReduceLROnPlateau, defaults val_loss, 0.1,
 * 10, 1e-4, 0, 0).
 */
export class ReduceLROnPlateau implements Callback {
  readonly monitor: string;
  readonly factor: number;
  readonly patience: number;
  readonly mode: 'min' | 'max';
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLr: number;
  private model: CallbackModel | null = null;
  private best: number | null = null;
  private wait = 0;
  private cooldownCounter = 0;

  constructor(args: ReduceLROnPlateauArgs = {}) {
    this.monitor = args.monitor ?? 'val_loss';
    this.factor = args.factor ?? 0.1;
    this.patience = args.patience ?? 10;
    this.cooldown = args.cooldown ?? 0;
    this.mode = monitorMode('ReduceLROnPlateau', this.monitor, args.mode);
    this.minDelta = Math.abs(args.minDelta ?? 1e-4);
    this.minLr = args.minLr ?? 0;
    // Keras refuses a factor >= 1 (it would not reduce).
    validateParams('ReduceLROnPlateau', this, {
      factor: interval('float', '[0, 1)'),
      patience: count,
      cooldown: count,
      minDelta: interval('float', '[0, inf)'),
      minLr: interval('float', '[0, inf)'),
    });
  }

  setModel(model: CallbackModel): void {
    this.model = model;
  }

  onTrainBegin(): void {
    this.best = null;
    this.wait = 0;
    this.cooldownCounter = 0;
  }

  private improved(v: number): boolean {
    if (this.best === null) return true;
    return this.mode === 'min' ? v + this.minDelta < this.best : v - this.minDelta > this.best;
  }

  onEpochEnd(epoch: number, logs: Logs = {}): void {
    const opt = optimizerOf(this.model, 'ReduceLROnPlateau');
    logs.learning_rate = opt.learningRate;
    const current = logs[this.monitor];
    if (current === undefined) {
      warn(
        'UserWarning',
        `Learning rate reduction is conditioned on metric \`${this.monitor}\` which is not available. Available metrics are: ${Object.keys(logs).join(',')}.`,
      );
      return;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.wait = 0;
    }
    if (this.improved(current)) {
      this.best = current;
      this.wait = 0;
    } else if (this.cooldownCounter === 0 && ++this.wait >= this.patience) {
      const old = opt.learningRate;
      // Keras compares with the float32 minLr.
      if (old > Math.fround(this.minLr)) {
        const lr = Math.max(old * this.factor, this.minLr);
        opt.learningRate = lr;
        this.cooldownCounter = this.cooldown;
        this.wait = 0;
      }
    }
  }
}

/** The learning rate for an epoch from the epoch index and the current rate. */
export type EpochSchedule = (epoch: number, lr: number) => number;

/**
 * Sets the learning rate at the start of each epoch to `schedule(epoch, lr)` (Keras' LearningRateScheduler).
 *
 * @example
 * callbacks.learningRateScheduler((epoch, lr) => (epoch < 10 ? lr : lr * Math.exp(-0.1)));
 */
export class LearningRateScheduler implements Callback {
  readonly schedule: EpochSchedule;
  private model: CallbackModel | null = null;

  constructor(schedule: EpochSchedule | { schedule: EpochSchedule }) {
    const args = typeof schedule === 'function' ? { schedule } : (schedule ?? {});
    if (typeof args.schedule !== 'function')
      throw new ValueError(
        `LearningRateScheduler: 'schedule' must be a function (epoch, lr) => lr. Got ${describe(args.schedule)} instead.`,
      );
    this.schedule = args.schedule;
  }

  setModel(model: CallbackModel): void {
    this.model = model;
  }

  onEpochBegin(epoch: number): void {
    const opt = optimizerOf(this.model, 'LearningRateScheduler');
    const lr = this.schedule(epoch, opt.learningRate);
    if (typeof lr !== 'number' || !Number.isFinite(lr))
      throw new ValueError(`The output of the \`schedule\` function should be a float. Got: ${describe(lr)}`);
    opt.learningRate = lr;
  }

  onEpochEnd(_epoch: number, logs: Logs = {}): void {
    logs.learning_rate = optimizerOf(this.model, 'LearningRateScheduler').learningRate;
  }
}
