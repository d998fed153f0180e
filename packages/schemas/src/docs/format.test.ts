import { describe, expect, it } from 'vitest';
import { anchor, cell, humanRetention, prose } from './format.js';

describe('humanRetention', () => {
  it('says retention as people do', () => {
    expect(humanRetention(-1)).toBe('forever');
    expect(humanRetention(604_800_000)).toBe('7 d');
    expect(humanRetention(129_600_000)).toBe('36 h');
    expect(humanRetention(90_000)).toBe('90 s');
    expect(humanRetention(1_500)).toBe('1500 ms');
  });
});

describe('Markdown text', () => {
  it('keeps placeholders visible outside code spans, and code spans as they are', () => {
    expect(prose("'<consumer group>/~meta' or `<topic>-value`")).toBe(
      "'&lt;consumer group&gt;/~meta' or `<topic>-value`",
    );
  });

  it('keeps a table cell on one line and its pipes escaped', () => {
    expect(cell('a | b\n  c')).toBe('a \\| b c');
  });

  it('makes GitHub heading anchors', () => {
    expect(anchor('fir.crossings')).toBe('fircrossings');
    expect(anchor('fee-calculator.state')).toBe('fee-calculatorstate');
  });
});
