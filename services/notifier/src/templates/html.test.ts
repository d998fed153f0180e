import { describe, expect, it } from 'vitest';
import { escapeHtml } from './html.js';
import { languages, renderInvoiceMessage, renderPassengerMessage } from './index.js';
import { invoiceEvent, passengerEvent, rebooking } from './test-fixtures.js';

const HOSTILE = 'b_<script>alert("x&y")</script>&co';
const ESCAPED = 'b_&lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt;&amp;co';

const VOID = new Set(['meta', 'br']);

/** Every element closed in order, only known void elements unclosed. */
function balanced(html: string): boolean {
  const stack: string[] = [];
  for (const [, close, name] of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>/g)) {
    const tag = (name ?? '').toLowerCase();
    if (VOID.has(tag)) continue;
    if (close === '/') {
      if (stack.pop() !== tag) return false;
    } else stack.push(tag);
  }
  return stack.length === 0;
}

/** No `&` that does not start one of the entities escapeHtml writes. */
const strayAmpersand = /&(?!(?:amp|lt|gt|quot|#39);)/;

it('escapeHtml escapes the five characters that matter', () => {
  expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe(
    '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;',
  );
});

describe.each(languages)('HTML in %s', (language) => {
  const passenger = renderPassengerMessage(
    passengerEvent({ type: 'REBOOKING_PROPOSED', bookingId: HOSTILE, rebooking }),
    language,
  );
  const invoice = renderInvoiceMessage(
    invoiceEvent({ invoiceNumber: 'OVF-<script>&', operatorIcao: 'D&H' }),
    'INVOICE_ISSUED',
    language,
  );

  it('escapes every interpolated value', () => {
    expect(passenger?.html).toContain(`>${ESCAPED}</td>`);
    expect(passenger?.html).not.toContain('<script');
    expect(passenger?.html).not.toMatch(strayAmpersand);
    expect(invoice.html).toContain('OVF-&lt;script&gt;&amp;');
    expect(invoice.html).toContain('>D&amp;H</td>');
    expect(invoice.html).not.toContain('<script');
    expect(invoice.html).not.toMatch(strayAmpersand);
    expect(invoice.html).toMatch(/<title>[^<]*OVF-&lt;script&gt;&amp;[^<]*<\/title>/);
  });

  it('keeps the value as is in the plain text and the SMS', () => {
    expect(passenger?.text).toContain(HOSTILE);
    expect(passenger?.sms).toContain(HOSTILE);
    expect(invoice.subject).toContain('OVF-<script>&');
  });

  it('is a small well-formed HTML5 document in the language', () => {
    for (const html of [passenger?.html ?? '', invoice.html]) {
      expect(html.startsWith('<!DOCTYPE html>\n')).toBe(true);
      expect(html).toContain(`<html lang="${language}">`);
      expect(html).toContain('<meta charset="utf-8">');
      expect(balanced(html)).toBe(true);
    }
  });

  it('breaks the lines of the closing', () => {
    const closing = { en: 'Kind regards,<br>', fr: '', de: 'Mit freundlichen Grüßen<br>' }[
      language
    ];
    if (closing) expect(invoice.html).toContain(closing);
  });
});

it('keeps line breaks in a value out of the subject', () => {
  const m = renderPassengerMessage(
    passengerEvent({ type: 'CARE_OFFERED', scheduleId: 'LH400\r\nBcc: victim@example.com' }),
    'en',
  );
  expect(m?.subject).toBe('Flight LH400 Bcc: victim@example.com: care while you wait');
});
