import { describe, expect, it } from 'vitest';
import { splitCsvLine } from './split-line.js';

describe('splitCsvLine', () => {
  it('splits on commas outside quotes and keeps empty fields', () => {
    expect(splitCsvLine('a,,b,')).toEqual({ fields: ['a', '', 'b', ''], unterminated: false });
  });

  it('reads a quoted comma and a doubled quote inside a field', () => {
    expect(splitCsvLine('LF,"Arrêté, art. 1: « 73,24 € »","say ""hi"""').fields).toEqual([
      'LF',
      'Arrêté, art. 1: « 73,24 € »',
      'say "hi"',
    ]);
  });

  it('says when a quoted field is still open at the end of the line', () => {
    expect(splitCsvLine('a,"b, c')).toEqual({ fields: ['a', 'b, c'], unterminated: true });
  });
});
