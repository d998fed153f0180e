import type { View } from './views/view.js';

export interface Route {
  /** `/invoices/:id`: segments starting with `:` are parameters. */
  pattern: string;
  view: () => Promise<View> | View;
}

export interface Match {
  route: Route;
  params: Record<string, string>;
  query: URLSearchParams;
}

/** The route of a hash (`#/invoices/INV-1?status=open`), or null. */
export function match(routes: readonly Route[], hash: string): Match | null {
  const text = hash.replace(/^#/, '') || '/';
  // At the first '?' only: split('?', 2) would drop whatever follows a second one.
  const q = text.indexOf('?');
  const path = q < 0 ? text : text.slice(0, q);
  const search = q < 0 ? '' : text.slice(q + 1);
  const parts = path.split('/').filter(Boolean);
  for (const route of routes) {
    const want = route.pattern.split('/').filter(Boolean);
    if (want.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < want.length; i++) {
      const w = want[i] as string;
      const p = parts[i] as string;
      if (w.startsWith(':')) {
        // A hand-typed `%` that is not percent-encoding: no such page, not a URIError.
        const value = decodeOr(p);
        if (value === null) ok = false;
        else params[w.slice(1)] = value;
      } else if (w !== p) ok = false;
    }
    if (ok) return { route, params, query: new URLSearchParams(search) };
  }
  return null;
}

function decodeOr(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** A hash link: `link('/invoices', { status: 'open' })`. */
export function link(path: string, query: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
  const text = params.toString();
  return `#${path}${text ? `?${text}` : ''}`;
}
