import type { Language } from './language.js';
import type { Wording } from './strings.js';

/** A message laid out: plain strings only, escaped by the HTML layout. */
export interface Content extends Wording {
  greeting: string;
  /** Label and value rows between the intro and the next steps. */
  details: ReadonlyArray<readonly [label: string, value: string]>;
  closing: string[];
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text as HTML text or attribute value: `&`, `<`, `>`, `"` and `'` escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** A paragraph of text: escaped, a `\n` inside it a line break. */
const paragraph = (text: string): string =>
  `<p>${text.split('\n').map(escapeHtml).join('<br>')}</p>`;

const CELL = 'padding:2px 12px 2px 0;text-align:left;vertical-align:top';

/** A small HTML5 document: the paragraphs, the details as a two-column table. */
export function renderHtml(content: Content, language: Language): string {
  const rows = content.details.map(
    ([label, value]) =>
      `<tr><th scope="row" style="${CELL};font-weight:600">${escapeHtml(label)}</th>` +
      `<td style="${CELL}">${escapeHtml(value)}</td></tr>`,
  );
  const table =
    rows.length === 0
      ? []
      : [
          `<table role="presentation" style="border-collapse:collapse;margin:0 0 16px">`,
          ...rows,
          '</table>',
        ];
  return [
    '<!DOCTYPE html>',
    `<html lang="${language}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(content.subject)}</title>`,
    '</head>',
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a">',
    paragraph(content.greeting),
    ...content.intro.map(paragraph),
    ...table,
    ...content.next.map(paragraph),
    ...content.closing.map(paragraph),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
