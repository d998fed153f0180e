// HTML built from strings, safely: every value interpolated is escaped unless it is already
// markup this module produced (an `Html`), so forgetting to escape is not possible.

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for an element's content and for a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}

/** Markup: written by `html` or `raw`, never escaped again. */
export class Html {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

/** Markup taken as it is: only for constants and what this code computes (numbers, SVG). */
export const raw = (markup: string): Html => new Html(markup);

type Value = Html | string | number | boolean | null | undefined | readonly Value[];

const fragment = (value: Value): string => {
  if (value instanceof Html) return value.markup;
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(fragment).join('');
  return escapeHtml(String(value));
};

/**
 * A template of markup: `html\`<td>${callsign}</td>\`` escapes `callsign`; an `Html` (a
 * nested `html`) goes in as it is; arrays are joined; null, undefined and false are nothing.
 */
export function html(strings: TemplateStringsArray, ...values: readonly Value[]): Html {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += fragment(values[i]) + (strings[i + 1] ?? '');
  return new Html(out);
}
