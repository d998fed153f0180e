import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeError, loadOrExit } from './load-or-exit.js';

class CodedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

afterEach(() => vi.restoreAllMocks());

describe('loadOrExit', () => {
  it('returns what the loader returns', () => {
    expect(loadOrExit('svc', 'the table', () => 42)).toBe(42);
  });

  it('prints one line naming the service, the thing and the code, then exits 1', () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    const exit = vi.fn((code: number): never => {
      throw new Error(`exit ${code}`);
    });
    expect(() =>
      loadOrExit(
        'fee-calculator',
        'the tariff',
        () => {
          throw new CodedError('CHARGES_SOURCE_MISSING', 'row 3 has no source');
        },
        exit,
      ),
    ).toThrow('exit 1');
    expect(written).toEqual([
      'fee-calculator: cannot load the tariff: CHARGES_SOURCE_MISSING: row 3 has no source\n',
    ]);
  });
});

describe('describeError', () => {
  it('uses the message alone when there is no string code', () => {
    expect(describeError(new Error('plain'))).toBe('plain');
    expect(describeError('a string')).toBe('a string');
    expect(describeError(null)).toBe('null');
  });
});
