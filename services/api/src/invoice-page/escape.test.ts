import { describe, expect, it } from 'vitest';
import { escapeHtml, html, raw } from './escape.js';

describe('escapeHtml', () => {
  it('escapes the five characters that end text or an attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('escapes & first, so an entity in the text stays text', () => {
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
  });

  it('leaves everything else as it is', () => {
    expect(escapeHtml('BAW123 — Zürich 1/2 = ½ ✈')).toBe('BAW123 — Zürich 1/2 = ½ ✈');
    expect(escapeHtml('')).toBe('');
  });
});

describe('html', () => {
  it('escapes every value and keeps the template', () => {
    const callsign = '<script>alert(1)</script>';
    expect(html`<td title="${'"quoted"'}">${callsign}</td>`.markup).toBe(
      '<td title="&quot;quoted&quot;">&lt;script&gt;alert(1)&lt;/script&gt;</td>',
    );
  });

  it('nests markup without escaping it twice, joins arrays, and drops null and false', () => {
    const items = ['a&b', 'c'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}${null}${undefined}${false}</ul>`.markup).toBe(
      '<ul><li>a&amp;b</li><li>c</li></ul>',
    );
    expect(html`${raw('<br>')}${0}${true}`.markup).toBe('<br>0true');
  });
});
