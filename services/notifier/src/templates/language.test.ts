import { describe, expect, it } from 'vitest';
import { renderInvoiceMessage, renderPassengerMessage } from './index.js';
import { resolveLanguage } from './language.js';
import { invoiceEvent, passengerEvent } from './test-fixtures.js';

describe('resolveLanguage', () => {
  it.each([
    ['en', 'en'],
    ['EN', 'en'],
    ['en-US', 'en'],
    ['fr', 'fr'],
    ['fr-CA', 'fr'],
    ['FR-ch', 'fr'],
    ['de', 'de'],
    ['de-AT', 'de'],
    ['de-Latn-CH', 'de'],
    ['de_AT', 'de'],
    [' de ', 'de'],
  ] as const)('reads %j as %s', (tag, language) => {
    expect(resolveLanguage(tag)).toBe(language);
  });

  it.each(['it', 'es-ES', 'nl', 'deu', 'french', 'x-private', '', null, undefined])(
    'falls back to English for %j',
    (tag) => {
      expect(resolveLanguage(tag)).toBe('en');
    },
  );
});

describe('the rendered language', () => {
  it('is the primary subtag of the tag', () => {
    const de = renderPassengerMessage(passengerEvent(), 'de-AT');
    expect(de?.language).toBe('de');
    expect(de?.subject).toBe('Flug LH400 am 14. Juni 2025: Ausgleichszahlung von 600,00\u00a0€');
    const fr = renderInvoiceMessage(invoiceEvent(), 'INVOICE_ISSUED', 'fr-CA');
    expect(fr.language).toBe('fr');
    expect(fr.text.startsWith('Madame, Monsieur,\n\n')).toBe(true);
  });

  it('is English, and says so, when there is no template in the language asked for', () => {
    const it_ = renderPassengerMessage(passengerEvent(), 'it-IT');
    expect(it_?.language).toBe('en');
    expect(it_?.subject).toBe('Flight LH400 on 14 June 2025: compensation of €600.00');
    expect(it_?.html).toContain('<html lang="en">');
    expect(renderInvoiceMessage(invoiceEvent(), 'INVOICE_OVERDUE', null).language).toBe('en');
  });
});
