import { describe, expect, it } from 'vitest';
import { isE164 } from './e164.js';

describe('isE164', () => {
  it.each(['+447700900123', '+14155552671', '+6834002', '+861234567890123'])('takes %s', (n) => {
    expect(isE164(n)).toBe(true);
  });

  it.each([
    ['no plus', '447700900123'],
    ['international prefix', '00447700900123'],
    ['spaces', '+44 7700 900123'],
    ['dashes', '+1-415-555-2671'],
    ['country code 0', '+0447700900123'],
    ['too short', '+123456'],
    ['16 digits', '+1234567890123456'],
    ['letters', '+44770090012a'],
    ['empty', ''],
    ['trailing newline', '+447700900123\n'],
  ])('refuses %s', (_why, n) => {
    expect(isE164(n)).toBe(false);
  });
});
