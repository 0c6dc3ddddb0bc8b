// Callbacks that hand training state to user code: modelCheckpoint (the model JSON to a save function, each epoch),
// historyLogger (Keras' CSVLogger lines to a write function) and lambdaCallback (hooks from functions).
// Storage is always the user's function. Imports core only.

import { ValueError } from '../core/errors.ts';
import { callable, validateParams } from '../core/param-validation.ts';
import { warn } from '../core/warnings.ts';
import type { Callback, CallbackModel, Logs } from './callbacks.ts';
import { monitorMode } from './lr-callbacks.ts';

export interface ModelCheckpointArgs {
  /** Receives the model JSON (`model.toJSON()`), the epoch and its logs. */
  save: (json: unknown, epoch: number, logs: Logs) => void;
  monitor?: string;
  /** Save only when `monitor` improves on the best value so far. */
  saveBestOnly?: boolean;
  mode?: 'auto' | 'min' | 'max';
  /** The value to beat for the first save with saveBestOnly (Keras' initial_value_threshold). */
  initialValueThreshold?: number | null;
}

/** Keras' ModelCheckpoint, with the storage left to `save`. */
export class ModelCheckpoint implements Callback {
  readonly monitor: string;
  readonly saveBestOnly: boolean;
  readonly mode: 'min' | 'max';
  /** The best monitored value saved so far. */
  best: number | null;
  private readonly save: ModelCheckpointArgs['save'];
  private model: CallbackModel | null = null;

  constructor(args: ModelCheckpointArgs) {
    validateParams('ModelCheckpoint', args ?? {}, { save: callable });
    this.save = args.save;
    this.monitor = args.monitor ?? 'val_loss';
    this.saveBestOnly = args.saveBestOnly ?? false;
    this.mode = monitorMode('ModelCheckpoint', this.monitor, args.mode);
    this.best = args.initialValueThreshold ?? null;
  }

  setModel(model: CallbackModel): void {
    this.model = model;
  }

  onEpochEnd(epoch: number, logs: Logs = {}): void {
    if (this.saveBestOnly) {
      const current = logs[this.monitor];
      if (current === undefined) {
        warn('UserWarning', `Can save best model only with ${this.monitor} available, skipping.`);
        return;
      }
      if (this.best !== null && (this.mode === 'min' ? current >= this.best : current <= this.best)) return;
      this.best = current;
    }
    const json = this.model?.toJSON?.();
    if (json === undefined) throw new ValueError('ModelCheckpoint: the model cannot be saved as JSON');
    this.save(json, epoch, { ...logs });
  }
}

export interface HistoryLoggerArgs {
  /** Receives each line (without a line break): the header, then one row per epoch. */
  write: (line: string) => void;
  separator?: string;
}

/**
 * Keras' CSVLogger with the file left to `write`: a header `epoch,<logged keys, sorted>` (with `val_` columns when
 * the first epoch had none), then one row per epoch, 'NA' where a value is missing. Numbers are written as
 * JavaScript writes them (String(v)), which differs from Python's repr only in exponents (1e-7, not 1e-07).
 */
export class HistoryLogger implements Callback {
  readonly separator: string;
  private readonly write: (line: string) => void;
  private keys: string[] | null = null;

  constructor(args: HistoryLoggerArgs) {
    validateParams('HistoryLogger', args ?? {}, { write: callable });
    this.write = args.write;
    this.separator = args.separator ?? ',';
  }

  onTrainBegin(): void {
    this.keys = null;
  }

  onEpochEnd(epoch: number, logs: Logs = {}): void {
    if (this.keys === null) {
      const keys = Object.keys(logs).sort();
      if (keys.length > 0 && !keys.some((k) => k.startsWith('val_'))) keys.push(...keys.map((k) => `val_${k}`));
      this.keys = keys;
      this.write(['epoch', ...keys].join(this.separator));
    }
    const row = this.keys.map((k) => (logs[k] === undefined ? 'NA' : String(logs[k])));
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
