import { h } from './dom.js';

/** What a progress bar shows: a job's counters (total null: not known yet). */
export interface Progress {
  processed: number;
  failed: number;
  total: number | null;
}

/** `40 / 120 (33 %), 2 failed`. */
function progressText(p: Progress): string {
  const pct = p.total ? ` (${Math.floor((100 * p.processed) / p.total)} %)` : '';
  const of = p.total === null ? '' : ` / ${p.total}`;
  return `${p.processed}${of}${pct}${p.failed ? `, ${p.failed} failed` : ''}`;
}

/** A <progress> with its text beside it, both updated in place by `set`. */
export function progressBar(label: string): {
  element: HTMLElement;
  set(p: Progress): void;
} {
  const bar = h('progress', { max: 1, 'aria-label': label });
  const text = h('span', { class: 'progress-text' });
  return {
    element: h('span', { class: 'progress' }, bar, text),
    set(p) {
      if (p.total) bar.value = Math.min(1, p.processed / p.total);
      else bar.removeAttribute('value');
      bar.dataset.processed = String(p.processed);
      text.textContent = progressText(p);
    },
  };
}
