// Files and streams of the command line: reading the CSV and model files, writing outputs, the terminal's
// streams. A file that cannot be read or written is a UsageError naming it. Imports node:fs, node:path,
// node:process and the CLI's portable modules.

import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stderr, stdout } from 'node:process';
import { parseCsv, type Csv } from '../csv.ts';
import { UsageError } from '../errors.ts';

/** Where a command writes: stdout for results, stderr for progress, notes and warnings. */
export interface Streams {
  out(text: string): void;
  err(text: string): void;
  /** Whether stderr is a terminal (the progress bar redraws in place). */
  errTty: boolean;
  columns: number;
}

export function processStreams(): Streams {
  return {
    out: (t) => void stdout.write(t),
    err: (t) => void stderr.write(t),
    errTty: stderr.isTTY === true,
    columns: stderr.columns ?? 80,
  };
}

function reason(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'ENOTDIR') return 'a part of the path is not a directory';
  return e instanceof Error ? e.message : String(e);
}

/** The text of a file; a missing or unreadable one is a UsageError naming it. */
export function readText(path: string): string {
  if (!existsSync(path)) throw new UsageError(`${path}: no such file`);
  if (statSync(path).isDirectory()) throw new UsageError(`${path} is a directory, not a file`);
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${reason(e)}`);
  }
}

/** A CSV file, parsed (messages name the file and the line). */
export function readCsv(path: string): Csv {
  return parseCsv(readText(path), path);
}

/** Refuses an output path whose folder does not exist (checked before training, not after). */
export function checkWritable(path: string, flag: string): void {
  const dir = dirname(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UsageError(`${flag} ${path}: the folder ${dir} does not exist`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new UsageError(`${flag} ${path} is a directory`);
}

export function writeFile(path: string, data: string | Uint8Array): void {
  try {
    writeFileSync(path, data);
  } catch (e) {
    throw new UsageError(`cannot write ${path}: ${reason(e)}`);
  }
}

/** Writes files into a folder, creating it (and its parents) first. */
export function writeFolder(dir: string, files: Record<string, string | Uint8Array>): string[] {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new UsageError(`cannot create the folder ${dir}: ${reason(e)}`);
  }
  return Object.entries(files).map(([name, data]) => {
    const path = join(dir, name);
    writeFile(path, data);
    return path;
  });
}

/** Bytes in kB for messages. */
export function kb(n: number): string {
  return `${(n / 1000).toFixed(1)} kB`;
}
