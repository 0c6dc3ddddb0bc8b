// The command line's contract: commands, flags, help texts, and their parsing with node:util's parseArgs
// (strict: an unknown flag is an error). Values are checked here, so a bad one fails before any work.
// Imports node:util and the CLI's error.

import { parseArgs } from 'node:util';
import { UsageError } from '../errors.ts';

export const BIN = 'scikeras-ts';

export type CommandName = 'fit' | 'evaluate' | 'predict' | 'export';

interface FlagSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** The value's placeholder in the help (string flags). */
  value?: string;
  help: string;
}

interface CommandSpec {
  summary: string;
  positionals: string[];
  usage: string;
  flags: Record<string, FlagSpec>;
  notes?: string[];
}

const COMMON: Record<string, FlagSpec> = {
  help: { type: 'boolean', short: 'h', help: 'show this help' },
  debug: { type: 'boolean', help: 'show the stack trace of an error' },
};

export const COMMANDS: Record<CommandName, CommandSpec> = {
  fit: {
    summary: 'train an MLP on a CSV file and report its score on held-out rows',
    positionals: ['data.csv'],
    usage: 'fit <data.csv> --target <column> [options]',
    flags: {
      target: { type: 'string', value: 'column', help: 'the column to predict (required)' },
      task: {
        type: 'string',
        value: 'classification|regression',
        help: 'default: inferred from the target (text, or at most 20 distinct whole numbers: classification)',
      },
      hidden: { type: 'string', value: '100,50', help: 'sizes of the hidden layers (default 100)' },
      solver: { type: 'string', value: 'adam|sgd|lbfgs', help: 'the optimizer (default adam)' },
      'max-iter': { type: 'string', value: 'n', help: 'the most iterations (epochs) to train (default 200)' },
      'early-stopping': {
        type: 'boolean',
        help: 'hold out 10% of the training rows and stop when their score stops improving',
      },
      'test-size': {
        type: 'string',
        value: 'fraction|rows',
        help: 'rows held out for the score: a fraction in (0, 1) or a count (default 0.25); stratified for classification',
      },
      'random-state': { type: 'string', value: 'n', help: 'seed of the split and the weights (default 0)' },
      out: { type: 'string', value: 'model.json', help: 'save the fitted Pipeline (it takes raw rows) as JSON' },
      plot: { type: 'string', value: 'loss.svg', help: 'write the loss curve as an SVG file' },
      json: {
        type: 'boolean',
        help: 'print one JSON object { task, score, metric, nTrain, nTest, nIter, seconds } instead of text',
      },
    },
    notes: [
      'Text columns are one-hot encoded and number columns standardized; empty cells are imputed (most frequent',
      'value / mean). All of it is saved with the network, so the model takes the CSV rows as they are.',
      'Progress goes to stderr: a bar on a terminal, else a line per 10% of the iterations.',
    ],
  },
  evaluate: {
    summary: 'score a saved model on a labelled CSV file',
    positionals: ['model.json', 'data.csv'],
    usage: 'evaluate <model.json> <data.csv> --target <column> [--json]',
    flags: {
      target: { type: 'string', value: 'column', help: 'the column with the true values (required)' },
      json: { type: 'boolean', help: 'print one JSON object { task, score, metric, n, seconds } instead of text' },
    },
  },
  predict: {
    summary: 'predict one row of output per row of a CSV file',
    positionals: ['model.json', 'data.csv'],
    usage: 'predict <model.json> <data.csv> [--proba] [--out predictions.csv]',
    flags: {
      proba: { type: 'boolean', help: 'one column of probability per class instead of a prediction column' },
      out: { type: 'string', value: 'predictions.csv', help: 'write the CSV to this file (default: stdout)' },
    },
    notes: ['Columns the model does not use (the target, ids) may be present; they are ignored.'],
  },
  export: {
    summary: 'write a saved model as ONNX or TensorFlow.js files',
    positionals: ['model.json'],
    usage: 'export <model.json> --onnx <file.onnx> | --tfjs <dir>',
    flags: {
      onnx: { type: 'string', value: 'file.onnx', help: 'write an ONNX model (input X, float32)' },
      tfjs: { type: 'string', value: 'dir', help: 'write a TensorFlow.js layers model (model.json + weights)' },
    },
    notes: [
      'When every feature column holds numbers, the exported model takes those columns (the scaler is part of',
      'it; cells must be present: there is no imputer in it); with text columns it takes the encoded features,',
      'which the command lists.',
    ],
  },
};

export function isCommand(s: string): s is CommandName {
  return Object.prototype.hasOwnProperty.call(COMMANDS, s);
}

/** `scikeras-ts --help`. */
export function mainHelp(version: string): string {
  const rows = (Object.keys(COMMANDS) as CommandName[]).map(
    (c) => `  ${BIN} ${COMMANDS[c].usage}\n      ${COMMANDS[c].summary}`,
  );
  return [
    `${BIN} ${version}: neural networks (scikit-learn's MLPs) on CSV files, from the command line`,
    '',
    'Usage:',
    ...rows,
    '',
    `  ${BIN} <command> --help     the options of a command`,
    `  ${BIN} --version`,
    '',
    'Exit status: 0 on success, 2 for a problem with the arguments or the data (one line on stderr),',
    '1 for an internal failure. --debug shows the stack trace of an error.',
    '',
  ].join('\n');
}

/** `scikeras-ts <command> --help`. */
export function commandHelp(name: CommandName): string {
  const c = COMMANDS[name];
  const flags = { ...c.flags, ...COMMON };
  const left = Object.entries(flags).map(
    ([f, s]) => `${s.short ? `-${s.short}, ` : '    '}--${f}${s.value ? ` <${s.value}>` : ''}`,
  );
  const width = Math.max(...left.map((l) => l.length)) + 2;
  const lines = Object.values(flags).map((s, k) => `  ${(left[k] as string).padEnd(width)}${s.help}`);
  return [
    `Usage: ${BIN} ${c.usage}`,
    '',
    `${c.summary[0]?.toUpperCase()}${c.summary.slice(1)}.`,
    '',
    'Options:',
    ...lines,
    ...(c.notes === undefined ? [] : ['', ...c.notes]),
    '',
  ].join('\n');
}

export interface Parsed {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
}

/** Parses a command's arguments; an unknown flag, a missing value or a wrong count of files is a UsageError. */
export function parseCommand(name: CommandName, args: string[]): Parsed {
  const c = COMMANDS[name];
  const flags = { ...c.flags, ...COMMON };
  const options = Object.fromEntries(
    Object.entries(flags).map(([f, s]) => [
      f,
      s.short === undefined ? { type: s.type } : { type: s.type, short: s.short },
    ]),
  );
  const seeHelp = `see '${BIN} ${name} --help'`;
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (e) {
    const code = (e as { code?: string }).code;
    const msg = e instanceof Error ? e.message : String(e);
    const flag = /'(-[^' ]+)/.exec(msg)?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
      throw new UsageError(`unknown flag ${flag} for '${BIN} ${name}'; ${seeHelp}`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
      throw new UsageError(
        flags[flag.replace(/^-+/, '')]?.type === 'boolean'
          ? `${flag} takes no value; ${seeHelp}`
          : `${flag} needs a value; ${seeHelp}`,
      );
    throw new UsageError(`${msg.split('\n')[0]}; ${seeHelp}`);
  }
  if (parsed.values.help === true) return parsed;
  const { positionals } = parsed;
  if (positionals.length < c.positionals.length)
    throw new UsageError(
      `'${BIN} ${name}' needs ${c.positionals.map((p) => `<${p}>`).join(' ')}; usage: ${BIN} ${c.usage}`,
    );
  if (positionals.length > c.positionals.length)
    throw new UsageError(
      `unexpected argument ${JSON.stringify(positionals[c.positionals.length])}; usage: ${BIN} ${c.usage}`,
    );
  return parsed;
}

/** A string flag's value, required. */
export function required(p: Parsed, flag: string, name: CommandName): string {
  const v = p.values[flag];
  if (typeof v !== 'string' || v === '')
    throw new UsageError(`'${BIN} ${name}' needs --${flag} <${COMMANDS[name].flags[flag]?.value ?? 'value'}>`);
  return v;
}

/** A string flag's value, or undefined. */
export function optional(p: Parsed, flag: string): string | undefined {
  const v = p.values[flag];
  return typeof v === 'string' ? v : undefined;
}

/** A whole number >= min. */
export function integerFlag(value: string, flag: string, min: number): number {
  const n = /^[+-]?\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min)
    throw new UsageError(`--${flag} must be a whole number >= ${min}; got ${JSON.stringify(value)}`);
  return n;
}

/** `--hidden 100,50` as [100, 50]. */
export function hiddenFlag(value: string): number[] {
  const parts = value.split(',').map((s) => s.trim());
  const sizes = parts.map((s) => (/^\d+$/.test(s) ? Number(s) : NaN));
  if (parts.length === 0 || sizes.some((n) => !Number.isSafeInteger(n) || n < 1))
    throw new UsageError(
      `--hidden must be layer sizes separated by commas, each a whole number >= 1 (e.g. 100,50); got ${JSON.stringify(value)}`,
    );
  return sizes;
}

/** `--test-size`: a fraction in (0, 1) or a count of rows. */
export function testSizeFlag(value: string): number {
  const t = value.trim();
  const n = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(t) ? Number(t) : NaN;
  if (!(n > 0 && (n < 1 || Number.isInteger(n))))
    throw new UsageError(
      `--test-size must be a fraction between 0 and 1 or a whole number of rows; got ${JSON.stringify(value)}`,
    );
  return n;
}

/** One of the listed values. */
export function choiceFlag<T extends string>(value: string, flag: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value))
    throw new UsageError(`--${flag} must be one of ${choices.join(', ')}; got ${JSON.stringify(value)}`);
  return value as T;
}
