import { describe, expect, it } from 'vitest';
import { parseCsv, readCsvRecords } from './csv.js';
import { ChargesError } from './errors.js';

function thrown(run: () => unknown): ChargesError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ChargesError);
    return error as ChargesError;
  }
  throw new Error('expected a ChargesError');
}

const fieldsOf = (text: string) =>
  readCsvRecords(text, 't.csv', { comments: true }).map((r) => r.fields);

describe('CSV records (csv-parse)', () => {
  it('splits on commas outside quotes and keeps empty fields', () => {
    expect(fieldsOf('a,,b,')).toEqual([['a', '', 'b', '']]);
  });

  it('reads a quoted comma and a doubled quote inside a field', () => {
    expect(fieldsOf('LF,"Arrêté, art. 1: « 73,24 € »","say ""hi"""')).toEqual([
      ['LF', 'Arrêté, art. 1: « 73,24 € »', 'say "hi"'],
    ]);
  });

  it('says when a quoted field is still open at the end, naming the line it opened on', () => {
    const e = thrown(() => fieldsOf('a,"b, c'));
    expect(e.code).toBe('CHARGES_CSV_MALFORMED');
    expect(e.message).toMatch(/unterminated quoted field \(t\.csv, line 1\)/);
    expect(thrown(() => fieldsOf('h\n\n# c\nx,"open\ny\n\nz')).line).toBe(4);
  });

  it('refuses a stray quote inside an unquoted field', () => {
    const e = thrown(() => fieldsOf('h,i\nx,a"b\n'));
    expect([e.code, e.line]).toEqual(['CHARGES_CSV_MALFORMED', 2]);
  });

  it('numbers lines as the file does: comments, blank lines, CRLF, BOM', () => {
    const text = '\uFEFF# about\r\n\r\nh,i\r\n   \r\n# note\r\na,b\r\n\r\nf,g';
    expect(readCsvRecords(text, 't.csv', { comments: true })).toEqual([
      { line: 3, fields: ['h', 'i'] },
      { line: 6, fields: ['a', 'b'] },
      { line: 8, fields: ['f', 'g'] },
    ]);
  });

  it('names a record spread over lines by its first line', () => {
    // (LF only: csv-parse 7.0.3 counts a CRLF inside quotes as two lines.)
    expect(readCsvRecords('h,i\n"c\nd",e\n\nf,g', 't.csv', { comments: true })).toEqual([
      { line: 1, fields: ['h', 'i'] },
      { line: 2, fields: ['c\nd', 'e'] },
      { line: 5, fields: ['f', 'g'] },
    ]);
  });

  it('reads mixed LF and CRLF line ends', () => {
    expect(fieldsOf('h,i\na,b\r\nc,d\n')).toEqual([
      ['h', 'i'],
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('takes # as a comment only at the start of a line, and only when asked', () => {
    expect(fieldsOf('#c\nsrc,https://example.org/a#b')).toEqual([
      ['src', 'https://example.org/a#b'],
    ]);
    expect(readCsvRecords('#c,d', 't.csv', { comments: false })[0]?.fields).toEqual(['#c', 'd']);
  });
});

describe('a CSV table with a fixed header', () => {
  it('names columns, trims values and numbers rows after comments', () => {
    const rows = parseCsv(
      '# one\n# two\nzone,source\n XE , "s, t" \n',
      ['zone', 'source'],
      'z.csv',
    );
    expect(rows.map((r) => [r.line, r.get('zone'), r.get('source')])).toEqual([[4, 'XE', 's, t']]);
  });

  it('names the line of a wrong header and of a row of the wrong length', () => {
    const header = thrown(() => parseCsv('# c\nzone,src\nXE,s', ['zone', 'source'], 'z.csv'));
    expect([header.code, header.line]).toEqual(['CHARGES_CSV_HEADER_INVALID', 2]);
    const row = thrown(() => parseCsv('zone,source\n\nXE,s,x', ['zone', 'source'], 'z.csv'));
    expect([row.code, row.line]).toEqual(['CHARGES_CSV_MALFORMED', 3]);
    expect(row.message).toMatch(/3 fields where the header has 2/);
  });

  it('refuses a table without header', () => {
    const e = thrown(() => parseCsv('# only comments\n\n', ['zone'], 'z.csv'));
    expect(e.code).toBe('CHARGES_CSV_HEADER_INVALID');
    expect(e.message).toMatch(/found none/);
  });
});
