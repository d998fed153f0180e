import { describe, expect, it } from 'vitest';
import { link, match, type Route } from './router.js';
import type { View } from './views/view.js';

const view = () => ({}) as unknown as View;
const routes: Route[] = [
  { pattern: '/', view },
  { pattern: '/invoices', view },
  { pattern: '/invoices/:id', view },
  { pattern: '/flights/:icao24/tracks/:day', view },
];
const [home, invoices, invoice, track] = routes as [Route, Route, Route, Route];

describe('match', () => {
  it('matches the home route from an empty hash, `#` or `#/`', () => {
    for (const hash of ['', '#', '#/']) {
      const m = match(routes, hash);
      expect(m?.route).toBe(home);
      expect(m?.params).toEqual({});
    }
  });

  it('matches literal segments, ignoring a trailing slash', () => {
    expect(match(routes, '#/invoices')?.route).toBe(invoices);
    expect(match(routes, '#/invoices/')?.route).toBe(invoices);
  });

  it('gives parameters, decoded', () => {
    const m = match(routes, '#/invoices/INV%2F2026-01');
    expect(m?.route).toBe(invoice);
    expect(m?.params).toEqual({ id: 'INV/2026-01' });
    const t = match(routes, '#/flights/4ca1d3/tracks/2026-01-02');
    expect(t?.route).toBe(track);
    expect(t?.params).toEqual({ icao24: '4ca1d3', day: '2026-01-02' });
  });

  it('gives the query, the path still matching', () => {
    const m = match(routes, '#/invoices?status=open&operator=BAW');
    expect(m?.route).toBe(invoices);
    expect(m?.query.get('status')).toBe('open');
    expect(m?.query.get('operator')).toBe('BAW');
    const p = match(routes, '#/invoices/INV-1?tab=lines');
    expect(p?.params).toEqual({ id: 'INV-1' });
    expect(p?.query.get('tab')).toBe('lines');
    expect(match(routes, '#/')?.query.toString()).toBe('');
    // A second '?' belongs to the query.
    expect(match(routes, '#/invoices?q=why?&status=open')?.query.get('q')).toBe('why?');
    expect(match(routes, '#/invoices?q=why?&status=open')?.query.get('status')).toBe('open');
  });

  it('answers null for an unknown path or the wrong number of segments', () => {
    expect(match(routes, '#/nowhere')).toBeNull();
    expect(match(routes, '#/invoices/INV-1/extra')).toBeNull();
    expect(match(routes, '#/flights/4ca1d3/tracks')).toBeNull();
    expect(match(routes, '#/flights/4ca1d3/legs/2026-01-02')).toBeNull();
    expect(match([], '#/')).toBeNull();
  });

  it('answers null, not a URIError, for a parameter that is not valid percent-encoding', () => {
    expect(match(routes, '#/invoices/%E0%A4%A')).toBeNull();
    expect(match(routes, '#/invoices/100%')).toBeNull();
  });

  it('takes the first route that matches', () => {
    const other: Route = { pattern: '/invoices/new', view };
    expect(match([other, invoice], '#/invoices/new')?.route).toBe(other);
    expect(match([invoice, other], '#/invoices/new')?.route).toBe(invoice);
  });
});

describe('link', () => {
  it('makes a hash link, leaving out empty query values', () => {
    expect(link('/invoices')).toBe('#/invoices');
    expect(link('/invoices', { status: 'open', operator: undefined, q: '' })).toBe(
      '#/invoices?status=open',
    );
    expect(link('/invoices', { q: 'a b&c' })).toBe('#/invoices?q=a+b%26c');
  });

  it('round-trips through match', () => {
    const m = match(routes, link('/invoices', { status: 'open', from: '2026-01-01' }));
    expect(m?.route).toBe(invoices);
    expect(Object.fromEntries(m?.query ?? [])).toEqual({ status: 'open', from: '2026-01-01' });
  });
});
