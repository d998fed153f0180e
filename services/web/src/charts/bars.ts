import { s } from '../ui/dom.js';

export interface Bar {
  label: string;
  value: number;
}

const W = 420;
const H = 180;
const PAD = { top: 16, right: 8, bottom: 34, left: 40 };

/**
 * A bar chart as an SVG: one bar per entry, its value above it, its label under it; the
 * title is its accessible name. Empty entries draw an empty frame with the title.
 */
export function barChart(
  title: string,
  bars: readonly Bar[],
  options: { className?: string } = {},
): SVGSVGElement {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const slot = bars.length ? innerW / bars.length : innerW;
  const width = Math.max(2, slot * 0.75);
  const summary = bars.map((b) => `${b.label}: ${b.value}`).join(', ') || 'nothing yet';
  return s(
    'svg',
    {
      class: `chart bars ${options.className ?? ''}`.trim(),
      viewBox: `0 0 ${W} ${H}`,
      role: 'img',
      'aria-label': `${title}: ${summary}`,
    },
    s('title', {}, title),
    s('line', {
      class: 'axis',
      x1: PAD.left,
      x2: W - PAD.right,
      y1: PAD.top + innerH,
      y2: PAD.top + innerH,
    }),
    s('text', { class: 'tick', x: PAD.left - 4, y: PAD.top + 4, 'text-anchor': 'end' }, max),
    s('text', { class: 'tick', x: PAD.left - 4, y: PAD.top + innerH, 'text-anchor': 'end' }, 0),
    ...bars.flatMap((b, i) => {
      const hgt = (b.value / max) * innerH;
      const x = PAD.left + i * slot + (slot - width) / 2;
      const y = PAD.top + innerH - hgt;
      return [
        s(
          'rect',
          { class: 'bar', x, y, width, height: Math.max(0, hgt) },
          s('title', {}, `${b.label}: ${b.value}`),
        ),
        b.value
          ? s(
              'text',
              { class: 'value', x: x + width / 2, y: y - 3, 'text-anchor': 'middle' },
              b.value,
            )
          : null,
        s(
          'text',
          { class: 'tick', x: x + width / 2, y: PAD.top + innerH + 14, 'text-anchor': 'middle' },
          b.label,
        ),
      ];
    }),
  );
}
