// Callbacks that hand training state to user code: modelCheckpoint (the model JSON to a save function),
// historyLogger (Keras' CSVLogger lines to a write function) and lambdaCallback (hooks from functions).
// Storage is always the user's function. Imports core only.

import { ValueError, describe } from '../core/errors.ts';
import { print, warn } from '../core/warnings.ts';
import type { Callback, CallbackModel, Logs } from './callbacks.ts';
import { monitorMode } from './lr-callbacks.ts';

export interface ModelCheckpointArgs {
  /** Receives the model JSON (`model.toJSON()`, or `{ weights }` with saveWeightsOnly), the epoch and its logs. */
  save: (json: unknown, epoch: number, logs: Logs) => void;
  monitor?: string;
  /** Save only when `monitor` improves on the best value so far. */
  saveBestOnly?: boolean;
  saveWeightsOnly?: boolean;
  mode?: 'auto' | 'min' | 'max';
  /** 'epoch', or a number of batches between saves. */
  saveFreq?: 'epoch' | number;
  /** The value to beat for the first save with saveBestOnly (Keras' initial_value_threshold). */
  initialValueThreshold?: number | null;
  verbose?: 0 | 1;
}

/** Keras' ModelCheckpoint, with the storage left to `save`. */
export class ModelCheckpoint implements Callback {
  readonly monitor: string;
  readonly saveBestOnly: boolean;
  readonly saveWeightsOnly: boolean;
  readonly mode: 'min' | 'max';
  readonly saveFreq: 'epoch' | number;
  readonly verbose: number;
  /** The best monitored value saved so far. */
  best: number | null;
  private readonly save: ModelCheckpointArgs['save'];
  private model: CallbackModel | null = null;
  private epoch = 0;
  private batches = 0;

  constructor(args: ModelCheckpointArgs) {
    if (typeof args?.save !== 'function')
      throw new ValueError(
        `ModelCheckpoint: 'save' must be a function (json, epoch, logs) => void that stores the model. Got ${describe(args?.save)} instead.`,
      );
    this.save = args.save;
    this.monitor = args.monitor ?? 'val_loss';
    this.saveBestOnly = args.saveBestOnly ?? false;
    this.saveWeightsOnly = args.saveWeightsOnly ?? false;
    this.mode = monitorMode(this.monitor, args.mode);
    this.saveFreq = args.saveFreq ?? 'epoch';
    if (this.saveFreq !== 'epoch' && (!Number.isInteger(this.saveFreq) || this.saveFreq < 1))
      throw new ValueError(
        `ModelCheckpoint: 'saveFreq' must be 'epoch' or a positive integer. Got ${describe(args.saveFreq)} instead.`,
      );
    this.best = args.initialValueThreshold ?? null;
    this.verbose = args.verbose ?? 0;
  }

  setModel(model: CallbackModel): void {
    this.model = model;
  }

  onEpochBegin(epoch: number): void {
    this.epoch = epoch;
  }

  onBatchEnd(_batch: number, logs: Logs = {}): void {
    if (this.saveFreq === 'epoch' || ++this.batches < this.saveFreq) return;
    this.batches = 0;
    this.maybeSave(this.epoch, logs);
  }

  onEpochEnd(epoch: number, logs: Logs = {}): void {
    if (this.saveFreq === 'epoch') this.maybeSave(epoch, logs);
  }

  private maybeSave(epoch: number, logs: Logs): void {
    if (this.saveBestOnly) {
      const current = logs[this.monitor];
      if (current === undefined) {
        warn('UserWarning', `Can save best model only with ${this.monitor} available, skipping.`);
        return;
      }
      const better = this.best === null || (this.mode === 'min' ? current < this.best : current > this.best);
      if (!better) {
        if (this.verbose > 0) print(`\nEpoch ${epoch + 1}: ${this.monitor} did not improve from ${this.best}`);
        return;
      }
      if (this.verbose > 0)
        print(
          `\nEpoch ${epoch + 1}: ${this.monitor} improved from ${this.best ?? (this.mode === 'min' ? 'inf' : '-inf')} to ${current}, saving model`,
        );
      this.best = current;
    } else if (this.verbose > 0) print(`\nEpoch ${epoch + 1}: saving model`);
    const json = this.model?.toJSON?.() as { weights?: unknown } | undefined;
    if (json === undefined) throw new ValueError('ModelCheckpoint: the model cannot be saved as JSON');
    this.save(this.saveWeightsOnly ? { weights: json.weights } : json, epoch, { ...logs });
  }
}

/** A number as Python's repr writes it (Keras' CSVLogger writes Python floats): 0.5, 2.0, 1e-05. */
function pythonFloat(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
  const [m, e] = v.toExponential().split('e') as [string, string];
  const exp = Number(e);
  if (exp < -4 || exp >= 16) return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  const s = String(v);
  return s.includes('.') ? s : `${s}.0`;
}

export interface HistoryLoggerArgs {
  /** Receives each line (without a line break): the header, then one row per epoch. */
  write: (line: string) => void;
  separator?: string;
  /** Continue an earlier log: no header. */
  append?: boolean;
}

/**
 * Keras' CSVLogger with the file left to `write`: a header `epoch,<logged keys, sorted>` (with `val_` columns when
 * the first epoch had none), then one row per epoch, 'NA' where a value is missing.
 */
export class HistoryLogger implements Callback {
  readonly separator: string;
  readonly append: boolean;
  private readonly write: (line: string) => void;
  private keys: string[] | null = null;

  constructor(args: HistoryLoggerArgs) {
    if (typeof args?.write !== 'function')
      throw new ValueError(
        `HistoryLogger: 'write' must be a function (line) => void. Got ${describe(args?.write)} instead.`,
      );
    this.write = args.write;
    this.separator = args.separator ?? ',';
    this.append = args.append ?? false;
  }

  onTrainBegin(): void {
    this.keys = null;
  }

  onEpochEnd(epoch: number, logs: Logs = {}): void {
    if (this.keys === null) {
      const keys = Object.keys(logs).sort();
      if (keys.length > 0 && !keys.some((k) => k.startsWith('val_'))) keys.push(...keys.map((k) => `val_${k}`));
      this.keys = keys;
      if (!this.append) this.write(['epoch', ...keys].join(this.separator));
    }
    const row = this.keys.map((k) => (logs[k] === undefined ? 'NA' : pythonFloat(logs[k] as number)));
    this.write([String(epoch), ...row].join(this.separator));
  }
}

type Hook = (...args: never[]) => void;

/**
 * A callback made of the given hook functions (Keras' LambdaCallback): `onEpochEnd`, `onBatchEnd` (also as Keras'
 * `onTrainBatchEnd`), `onTrainBegin`, ... Any `on...` function is used as the hook of that name.
 *
 * @example
 * callbacks.lambdaCallback({ onEpochEnd: (epoch, logs) => console.log(epoch, logs?.loss) });
 */
export class LambdaCallback implements Callback {
  [hook: string]: unknown;
  constructor(hooks: Record<string, Hook | undefined> = {}) {
    for (const [k, f] of Object.entries(hooks ?? {})) {
      if (f === undefined) continue;
      if (!/^on[A-Z]/.test(k) || typeof f !== 'function')
        throw new ValueError(
          `LambdaCallback: '${k}' must be a hook function named on... (onEpochEnd, onBatchEnd, ...)`,
        );
      const name = k === 'onTrainBatchBegin' ? 'onBatchBegin' : k === 'onTrainBatchEnd' ? 'onBatchEnd' : k;
      this[name] = f;
    }
  }
}
