import type { JobViz } from '../api/types.js';
import { h } from '../ui/dom.js';
import { duration } from '../ui/format.js';

const pct = (n: number | null) => (n === null ? '—' : `${(n * 100).toFixed(1)} %`);

/** The job's figures as tiles: duration percentiles, throughput, success rate. */
export function statTiles(viz: JobViz): HTMLElement {
  const tiles: Array<[string, string]> = [
    ['Items done', String(viz.items)],
    ['Duration p50', duration(viz.durationMs.p50)],
    ['Duration p95', duration(viz.durationMs.p95)],
    ['Duration p99', duration(viz.durationMs.p99)],
    [
      'Throughput',
      viz.throughputPerSecond === null ? '—' : `${viz.throughputPerSecond.toFixed(1)} items/s`,
    ],
    ['Success rate', pct(viz.successRate)],
  ];
  return h(
    'dl',
    { class: 'tiles' },
    ...tiles.map(([k, v]) => h('div', { class: 'tile' }, h('dt', {}, k), h('dd', {}, v))),
  );
}
