import { describe, expect, expectTypeOf, it } from 'vitest';
import { type CodeOf, defineErrors } from './define.js';
import { OverflyError } from './overfly-error.js';

const sample = defineErrors('SAMPLE', {
  FILE_UNREADABLE: { message: 'the file could not be read', retriable: false },
  REMOTE_DOWN: { message: 'the remote did not answer', retriable: true, httpStatus: 503 },
});
type SampleCode = CodeOf<typeof sample>;

describe('defineErrors', () => {
  it('gives every name its owner’s prefix, typed as the literal code', () => {
    expect(sample.codes.FILE_UNREADABLE).toBe('SAMPLE_FILE_UNREADABLE');
    expectTypeOf(sample.codes.FILE_UNREADABLE).toEqualTypeOf<'SAMPLE_FILE_UNREADABLE'>();
    expectTypeOf<SampleCode>().toEqualTypeOf<'SAMPLE_FILE_UNREADABLE' | 'SAMPLE_REMOTE_DOWN'>();
  });

  it('lists every entry in declaration order, with its code and flags', () => {
    expect(sample.entries).toEqual([
      { code: 'SAMPLE_FILE_UNREADABLE', message: 'the file could not be read', retriable: false },
      {
        code: 'SAMPLE_REMOTE_DOWN',
        message: 'the remote did not answer',
        retriable: true,
        httpStatus: 503,
      },
    ]);
    expect(sample.entry('SAMPLE_REMOTE_DOWN').httpStatus).toBe(503);
  });

  it('keeps an owner’s extra flags, typed', () => {
    const extra = defineErrors('EXTRA', {
      OPEN: { message: 'open', retriable: true, failFast: true },
      SHUT: { message: 'shut', retriable: false, failFast: false },
    });
    expect(extra.entry('EXTRA_OPEN').failFast).toBe(true);
    expectTypeOf(extra.entry('EXTRA_SHUT').failFast).toEqualTypeOf<false>();
  });

  it('refuses a name that repeats its prefix, singular or plural', () => {
    const spec = { message: 'x', retriable: false };
    expect(() => defineErrors('DB', { DB_UNAVAILABLE: spec })).toThrow(/DB_DB_UNAVAILABLE/);
    expect(() => defineErrors('SCENARIOS', { SCENARIO_INVALID: spec })).toThrow(/repeats/);
    expect(defineErrors('DB', { UNAVAILABLE: spec }).codes.UNAVAILABLE).toBe('DB_UNAVAILABLE');
  });

  it('refuses a prefix or name that is not UPPER_SNAKE', () => {
    const spec = { message: 'x', retriable: false };
    expect(() => defineErrors('Geo', { X: spec })).toThrow(/UPPER_SNAKE/);
    expect(() => defineErrors('GEO', { 'file-unreadable': spec })).toThrow(/UPPER_SNAKE/);
  });

  it('cannot be changed after it is declared', () => {
    expect(Object.isFrozen(sample.codes)).toBe(true);
    expect(Object.isFrozen(sample.entries[0])).toBe(true);
  });
});

describe('OverflyError', () => {
  it('carries the code, flags and status, with the detail after the declared message', () => {
    const cause = new Error('EIO');
    const error = new OverflyError(sample.entry('SAMPLE_REMOTE_DOWN'), 'GET /x', { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'OverflyError',
      code: 'SAMPLE_REMOTE_DOWN',
      retriable: true,
      httpStatus: 503,
      message: 'the remote did not answer: GET /x',
      cause,
    });
    expectTypeOf(error.code).toEqualTypeOf<'SAMPLE_REMOTE_DOWN'>();
  });

  it('has the declared message alone without a detail, and no cause unless given one', () => {
    const error = new OverflyError(sample.entry('SAMPLE_FILE_UNREADABLE'));
    expect(error.message).toBe('the file could not be read');
    expect(error.httpStatus).toBeUndefined();
    expect('cause' in error).toBe(false);
  });

  it('lets one error override the declared retriable flag', () => {
    const entry = sample.entry('SAMPLE_FILE_UNREADABLE');
    expect(new OverflyError(entry, 'x', { retriable: true }).retriable).toBe(true);
  });
});
