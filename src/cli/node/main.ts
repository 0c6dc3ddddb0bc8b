// The `scikeras-ts` executable (package.json `bin`, built to dist/cli/main.js): the command line with the
// process's arguments and streams; the exit status is set, not forced, so stdout drains first.
// Imports node:process and the dispatcher.

import { argv } from 'node:process';
import { processStreams } from './io.ts';
import { runCli } from './run.ts';

process.exitCode = runCli(argv.slice(2), processStreams());
