// RFC 4180 CSV: a header row, then records of fields separated by commas; a field in double quotes may hold
// commas, line breaks and doubled quotes. Reading (with the line each record starts on, for messages) and
// writing. Portable: the command line and the playground share it. Imports the CLI's error only.

import { UsageError } from './errors.ts';

/** A parsed CSV file: the header's names and the rows of raw fields (text, unconverted). */
export interface Csv {
  header: string[];
  rows: string[][];
  /** The 1-based line each row starts on (the header is on line 1 when it is the first line). */
  lines: number[];
}

/**
 * Parses CSV text as RFC 4180 says: fields separated by `,`, records by CRLF or LF, `"` around a field that
 * holds `,`, `"` (doubled) or a line break. Fields are not trimmed. A UTF-8 byte order mark and lines with
 * nothing on them are skipped. Every row must have as many fields as the header.
 * Errors (a UsageError naming `source` and the line): no header, a header without rows, a row of the wrong
 * length, a quote that never closes, a quote inside an unquoted field, text after a closing quote, an empty
 * or repeated column name.
 *
 * @example
 * parseCsv('name,city\n"Smith, J.",Paris\n'); // { header: ['name', 'city'], rows: [['Smith, J.', 'Paris']], lines: [2] }
 */
export function parseCsv(text: string, source = 'the CSV'): Csv {
  const records: string[][] = [];
  const lines: number[] = [];
  const at = (line: number) => `${source}, line ${line}`;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const start = line;
    // A line with nothing on it is no record (a trailing newline, a blank line between records).
    if (text[i] === '\n' || text[i] === '\r') {
      i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      continue;
    }
    const fields: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        const open = line;
        i++;
        for (;;) {
          if (i >= n) throw new UsageError(`${at(open)}: a quoted field opens here and never closes`);
          const c = text[i] as string;
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') line++;
          field += c;
          i++;
        }
        const next = text[i];
        if (i < n && next !== ',' && next !== '\n' && next !== '\r')
          throw new UsageError(
            `${at(line)}: ${JSON.stringify(next)} after the closing quote of a field (a quoted field must end at a comma or the end of the line)`,
          );
      } else {
        let j = i;
        while (j < n && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') {
          if (text[j] === '"')
            throw new UsageError(
              `${at(line)}: a quote inside an unquoted field (${JSON.stringify(text.slice(i, j + 1))}...); quote the whole field and double the quotes in it`,
            );
          j++;
        }
        field = text.slice(i, j);
        i = j;
      }
      fields.push(field);
      if (text[i] === ',') {
        i++;
        continue;
      }
      // End of the record: a line break or the end of the text.
      if (i < n) {
        i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
        line++;
      }
      break;
    }
    records.push(fields);
    lines.push(start);
  }
  const header = records.shift();
  const headerLine = lines.shift();
  if (header === undefined || headerLine === undefined)
    throw new UsageError(`${source} is empty: expected a header row of column names, then rows of values`);
  header.forEach((name, j) => {
    if (name.trim() === '') throw new UsageError(`${at(headerLine)}: column ${j + 1} of the header has no name`);
    if (header.indexOf(name) !== j)
      throw new UsageError(`${at(headerLine)}: the column name ${JSON.stringify(name)} appears twice in the header`);
  });
  if (records.length === 0)
    throw new UsageError(`${source} has a header (${header.length} columns) but no rows of data`);
  records.forEach((r, k) => {
    if (r.length !== header.length)
      throw new UsageError(
        `${at(lines[k] as number)}: ${r.length} field${r.length === 1 ? '' : 's'}, but the header has ${header.length} columns`,
      );
  });
  return { header, rows: records, lines };
}

/** One field as RFC 4180 writes it: quoted when it holds a comma, a quote, a line break or edge spaces. */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One record: its fields quoted where needed, joined with commas, ended with LF. */
export function csvLine(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\n`;
}
