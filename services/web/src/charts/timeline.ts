import { s } from '../ui/dom.js';
import { duration } from '../ui/format.js';

const W = 420;
const H = 180;
const PAD = { top: 16, right: 12, bottom: 34, left: 48 };

/** Items done over time, as a stepped line from the first point to the last (UTC epoch ms). */
export function timelineChart(
  title: string,
  points: ReadonlyArray<{ at: number; processed: number }>,
  total: number | null,
): SVGSVGElement {
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const t0 = points[0]?.at ?? 0;
  const t1 = points[points.length - 1]?.at ?? t0;
  const span = Math.max(1, t1 - t0);
  const max = Math.max(1, total ?? 0, ...points.map((p) => p.processed));
  const x = (at: number) => PAD.left + ((at - t0) / span) * innerW;
  const y = (n: number) => PAD.top + innerH - (n / max) * innerH;
  const d = points
    .map((p, i) => `${i ? 'L' : 'M'}${x(p.at).toFixed(1)} ${y(p.processed).toFixed(1)}`)
    .join('');
  const last = points[points.length - 1];
  return s(
    'svg',
    {
      class: 'chart timeline',
      viewBox: `0 0 ${W} ${H}`,
      role: 'img',
      'aria-label': `${title}: ${last ? `${last.processed} items in ${duration(t1 - t0)}` : 'nothing yet'}`,
    },
    s('title', {}, title),
    s('line', {
      class: 'axis',
      x1: PAD.left,
      x2: W - PAD.right,
      y1: PAD.top + innerH,
      y2: PAD.top + innerH,
    }),
    s('line', { class: 'axis', x1: PAD.left, x2: PAD.left, y1: PAD.top, y2: PAD.top + innerH }),
    s('text', { class: 'tick', x: PAD.left - 4, y: PAD.top + 4, 'text-anchor': 'end' }, max),
    s('text', { class: 'tick', x: PAD.left - 4, y: PAD.top + innerH, 'text-anchor': 'end' }, 0),
    s('text', { class: 'tick', x: PAD.left, y: H - 10 }, '0 s'),
    s(
      'text',
      { class: 'tick', x: W - PAD.right, y: H - 10, 'text-anchor': 'end' },
      duration(t1 - t0),
    ),
    d ? s('path', { class: 'line', d }) : null,
  );
}
