// The command line's own error: a problem with what the user gave (a flag, a file, a column), shown as one
// line with exit status 2. Portable (the playground shows the same messages); imports the library's public entry only.

import { ValueError } from '../index.ts';

/** A problem with the command line or its input files; the CLI prints the message alone and exits with 2. */
export class UsageError extends ValueError {
  constructor(message: string) {
    super(message, 'usage');
  }
}
