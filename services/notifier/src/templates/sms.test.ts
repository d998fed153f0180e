import { describe, expect, it } from 'vitest';
import { fitsSms, isGsm7, plainSpaces, SMS_MAX_GSM7_SEPTETS, smsSize } from './sms.js';

describe('GSM-7', () => {
  it('takes the default alphabet, German umlauts and the French letters it has', () => {
    expect(isGsm7('Flug am 14.06.2025: Ausgleichszahlung, Grüße ÄÖÜäöüß')).toBe(true);
    expect(isGsm7("Vol perturbé, à l'aéroport, Dès, où, Ç")).toBe(true);
    expect(isGsm7('€ [x] {y} ~ ^ | \\')).toBe(true);
  });

  it('refuses what it lacks', () => {
    for (const c of ['ç', 'ê', 'â', 'ô', 'û', 'î', 'À', '°', '\u00a0', '\u202f', '’', '…', '🙂'])
      expect(isGsm7(`a${c}b`), c).toBe(false);
  });

  it('counts extension characters as two septets', () => {
    expect(smsSize('€10 [ok]')).toEqual({ encoding: 'GSM-7', units: 11, max: 306 });
  });

  it('counts UCS-2 in UTF-16 units', () => {
    expect(smsSize('n° 🙂')).toEqual({ encoding: 'UCS-2', units: 5, max: 134 });
  });
});

describe('fitsSms', () => {
  it('allows 306 septets of GSM-7, not 307', () => {
    expect(fitsSms('a'.repeat(SMS_MAX_GSM7_SEPTETS))).toBe(true);
    expect(fitsSms('a'.repeat(307))).toBe(false);
    expect(fitsSms(`${'a'.repeat(304)}€`)).toBe(true);
    expect(fitsSms(`${'a'.repeat(305)}€`)).toBe(false);
  });

  it('allows 134 UCS-2 units when any character is outside GSM-7, not 135', () => {
    expect(fitsSms(`°${'a'.repeat(133)}`)).toBe(true);
    expect(fitsSms(`°${'a'.repeat(134)}`)).toBe(false);
  });
});

it('plainSpaces turns the spaces Intl puts in numbers into plain ones', () => {
  expect(plainSpaces('1\u202f234,56\u00a0€')).toBe('1 234,56 €');
});
