// The command line's RFC 4180 reader and writer: quoting (commas, doubled quotes, line breaks in a field),
// CRLF and LF, the line each record starts on, and every malformed input refused with its line; what
// Python's csv module writes reads back to the same fields, and what csvLine writes parses back unchanged.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvField, csvLine, parseCsv } from '../../src/cli/csv.ts';
import { UsageError } from '../../src/cli/errors.ts';
import { ROOT } from '../../scripts/portability/harness.ts';

function refused(text: string, pattern: RegExp): void {
  try {
    parseCsv(text, 'data.csv');
  } catch (e) {
    assert.instance(e, UsageError);
    assert.match((e as Error).message, pattern);
    return;
  }
  assert.unreachable(`accepted ${JSON.stringify(text)}`);
}

test('fields, quoted fields with commas, doubled quotes and line breaks; the line each row starts on', () => {
  const csv = parseCsv('name,note,n\n"Smith, J.","said ""hi""",1\nplain,"two\nlines",2\n,,\n');
  assert.equal(csv.header, ['name', 'note', 'n']);
  assert.equal(csv.rows, [
    ['Smith, J.', 'said "hi"', '1'],
    ['plain', 'two\nlines', '2'],
    ['', '', ''],
  ]);
  assert.equal(csv.lines, [2, 3, 5]);
});

test('CRLF and LF, a byte order mark, no final newline, blank lines skipped, spaces kept', () => {
  const csv = parseCsv('\ufeffa,b\r\n 1 ,"x"\r\n\r\n2,y');
  assert.equal(csv.header, ['a', 'b']);
  assert.equal(csv.rows, [
    [' 1 ', 'x'],
    ['2', 'y'],
  ]);
  assert.equal(csv.lines, [2, 4]);
  assert.equal(parseCsv('a\r\n"x\r\ny"\r\n').rows, [['x\r\ny']]);
});

test('malformed CSV is refused with the file and the line', () => {
  refused('', /^data\.csv is empty: expected a header row/);
  refused('\n\n', /^data\.csv is empty/);
  refused('a,b\n', /^data\.csv has a header \(2 columns\) but no rows of data$/);
  refused('a,b\n1,2\n3\n', /^data\.csv, line 3: 1 field, but the header has 2 columns$/);
  refused('a,b\n1,2,3\n', /^data\.csv, line 2: 3 fields, but the header has 2 columns$/);
  refused('a,b\n1,"2\n', /^data\.csv, line 2: a quoted field opens here and never closes$/);
  refused('a,b\n1,"2"x\n', /^data\.csv, line 2: "x" after the closing quote of a field/);
  refused('a,b\n1,2"3\n', /^data\.csv, line 2: a quote inside an unquoted field \("2\\""\.\.\.\)/);
  refused('a,,b\n1,2,3\n', /^data\.csv, line 1: column 2 of the header has no name$/);
  refused('a,b,a\n1,2,3\n', /^data\.csv, line 1: the column name "a" appears twice in the header$/);
  refused('x\n"multi\nline",\n1,2\n', /^data\.csv, line 2: 2 fields, but the header has 1 columns$/);
});

test('csvField quotes only what needs it; csvLine output parses back to the same fields', () => {
  assert.is(csvField('plain'), 'plain');
  assert.is(csvField('a,b'), '"a,b"');
  assert.is(csvField('say "x"'), '"say ""x"""');
  assert.is(csvField('two\nlines'), '"two\nlines"');
  assert.is(csvField(' edge'), '" edge"');
  const rows = [
    ['h,1', 'h"2', 'h 3'],
    ['', 'x\r\ny', '"'],
    ['1e-7', ' ', ','],
  ];
  const text = rows.map(csvLine).join('');
  const back = parseCsv(text);
  assert.equal([back.header, ...back.rows], rows);
});

const PYTHON = '/usr/bin/python3';
const FIXTURE = join(ROOT, 'test', 'fixtures', 'cli', 'iris_gaps.csv');
const hasPython = existsSync(PYTHON);
// The cross-read needs Python (the fixture's own generator does); skipped, and counted as skipped, without it.
const withPython = hasPython ? test : test.skip;

test('the CSV with gaps (written by Python, CRLF): quoted names with commas and quotes, empty cells', () => {
  const csv = parseCsv(readFileSync(FIXTURE, 'utf8'), FIXTURE);
  assert.is(csv.rows.length, 150);
  assert.equal(csv.rows[0], ['5.1', '3.5', '1.4', 'narrow', 'Fisher, R. A.', 'setosa']);
  assert.equal(csv.rows[1], ['4.9', '3.0', '', 'narrow', "O'Neil", 'setosa']);
  assert.ok(csv.rows.some((r) => r.includes('Edgar "Ed" Anderson')) && csv.rows.some((r) => r.includes('wide, long')));
  assert.is(csv.rows.filter((r) => r[5] === '').length, 2);
});

withPython("what Python's csv module wrote reads back as Python's csv module reads it", () => {
  const py = spawnSync(
    PYTHON,
    ['-c', 'import csv,json,sys; print(json.dumps(list(csv.reader(open(sys.argv[1], newline="")))))', FIXTURE],
    { encoding: 'utf8' },
  );
  assert.is(py.status, 0, py.stderr);
  const csv = parseCsv(readFileSync(FIXTURE, 'utf8'), FIXTURE);
  assert.equal([csv.header, ...csv.rows], JSON.parse(py.stdout));
});

test.run();
