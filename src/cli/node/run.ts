// The command line's dispatcher: runs a command and turns errors into one line on stderr and an exit
// status (2: the arguments or the data; 1: an internal failure; the stack trace only with --debug).
// Imports node:fs and the CLI's modules.

import { readFileSync } from 'node:fs';
import { ScikerasError } from '../../index.ts';
import { UsageError } from '../errors.ts';
import { BIN, commandHelp, isCommand, mainHelp, parseCommand, type CommandName, type Parsed } from './args.ts';
import { fitCommand } from './fit.ts';
import type { Streams } from './io.ts';
import { evaluateCommand, exportCommand, predictCommand } from './saved-model.ts';

/** The package's version, from the package.json above this file (dist/cli/ in the installed package). */
function version(): string {
  for (let url = new URL('./', import.meta.url); ; url = new URL('../', url)) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === BIN && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // No package.json here: look one folder up.
    }
    if (url.pathname === '/' || url.pathname.endsWith(':/')) return 'unknown';
  }
}

const RUN: Record<CommandName, (p: Parsed, io: Streams) => number> = {
  fit: fitCommand,
  evaluate: evaluateCommand,
  predict: predictCommand,
  export: exportCommand,
};

/** Runs one command line; returns the exit status. */
export function runCli(args: readonly string[], io: Streams): number {
  const debug = args.includes('--debug');
  try {
    const [first, ...rest] = args[0] === '--debug' ? args.slice(1) : args;
    if (first === undefined)
      throw new UsageError(`missing command (fit, evaluate, predict or export); see '${BIN} --help'`);
    if (first === '--help' || first === '-h' || first === 'help') {
      io.out(mainHelp(version()));
      return 0;
    }
    if (first === '--version' || first === '-V') {
      io.out(`${version()}\n`);
      return 0;
    }
    if (!isCommand(first))
      throw new UsageError(
        first.startsWith('-')
          ? `unknown flag ${first}; see '${BIN} --help'`
          : `unknown command ${JSON.stringify(first)} (the commands are fit, evaluate, predict and export); see '${BIN} --help'`,
      );
    const parsed = parseCommand(first, rest);
    if (parsed.values.help === true) {
      io.out(commandHelp(first));
      return 0;
    }
    return RUN[first](parsed, io);
  } catch (e) {
    // The library's own errors are about what it was given (the data, the flags): the user's to fix.
    const usage = e instanceof ScikerasError;
    const message = (e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, ' ');
    if (debug && e instanceof Error && e.stack !== undefined) io.err(`${e.stack}\n`);
    io.err(
      usage
        ? `${BIN}: error: ${message}\n`
        : `${BIN}: internal error: ${message}${debug ? '' : ' (run again with --debug for the stack trace)'}\n`,
    );
    return usage ? 2 : 1;
  }
}
