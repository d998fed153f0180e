import { getJson, postJson } from '../api/client.js';
import { openSocket } from '../api/socket.js';
import type { Job, JobEvent, JobViz } from '../api/types.js';
import { barChart } from '../charts/bars.js';
import { statTiles } from '../charts/stats.js';
import { timelineChart } from '../charts/timeline.js';
import { link } from '../router.js';
import { fill, h } from '../ui/dom.js';
import { utc } from '../ui/format.js';
import { progressBar } from '../ui/progress.js';
import { failure, loading } from '../ui/states.js';
import '../ui/views.css';
import { jobBadge, type LiveState, stateOf } from './job-row.js';
import { socketBadge } from './socket-badge.js';
import type { View } from './view.js';

/** The charts are read again at most this often while the job runs. */
const VIZ_EVERY_MS = 2_000;
const ENDED = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED', 'REJECTED']);

function charts(viz: JobViz): HTMLElement {
  const errors = Object.entries(viz.errorsByCategory).map(([label, value]) => ({ label, value }));
  return h(
    'div',
    {},
    statTiles(viz),
    h(
      'div',
      { class: 'charts' },
      h(
        'figure',
        {},
        barChart('Item duration percentiles (ms)', [
          { label: 'p50', value: Math.round(viz.durationMs.p50 ?? 0) },
          { label: 'p95', value: Math.round(viz.durationMs.p95 ?? 0) },
          { label: 'p99', value: Math.round(viz.durationMs.p99 ?? 0) },
        ]),
        h('figcaption', {}, 'Item duration, ms'),
      ),
      h(
        'figure',
        {},
        timelineChart('Items done over time', viz.timeline, viz.job.total),
        h('figcaption', {}, 'Progress timeline'),
      ),
      h(
        'figure',
        {},
        barChart(
          'Items by quality score',
          viz.qualityHistogram.map((b) => ({ label: b.from.toFixed(1), value: b.items })),
          { className: 'quality' },
        ),
        h('figcaption', {}, 'Quality histogram (0 to 1)'),
      ),
      h(
        'figure',
        {},
        errors.length
          ? barChart('Failed items by error category', errors, { className: 'errors' })
          : h('p', { class: 'state empty' }, 'No item failed.'),
        h('figcaption', {}, 'Error distribution'),
      ),
    ),
  );
}

/** #/batch-jobs/:id: one job, its progress live from the events socket, and its charts. */
export const batchJobView: View = {
  title: 'Batch job',
  mount(root, params) {
    const id = params.id ?? '';
    const path = `/v1/batch-jobs/${encodeURIComponent(id)}`;
    const abort = new AbortController();
    const page = h('section', { class: 'page' });
    root.append(page);
    const badge = socketBadge();
    const bar = progressBar('Progress');
    const status = h('span', { class: 'job-status' });
    const message = h('p', { class: 'muted job-message', 'aria-live': 'polite' });
    const cancel = h('button', { type: 'button', hidden: true }, 'Cancel job');
    const chartBox = h('section', { class: 'viz', 'aria-labelledby': 'viz-title' });
    let vizTimer: ReturnType<typeof setTimeout> | null = null;
    let vizAt = 0;

    const show = (s: LiveState) => {
      status.replaceChildren(jobBadge(s.status));
      bar.set(s);
      message.textContent = s.message ?? '';
      cancel.hidden = ENDED.has(s.status);
    };
    const loadViz = async () => {
      vizTimer = null;
      vizAt = Date.now();
      try {
        const viz = await getJson<JobViz>(`${path}/viz`, {}, abort.signal);
        fill(chartBox, h('h2', { id: 'viz-title' }, 'Charts'), charts(viz));
      } catch (error) {
        if (!abort.signal.aborted)
          fill(chartBox, h('h2', { id: 'viz-title' }, 'Charts'), failure(error));
      }
    };
    // At most one read of the charts per VIZ_EVERY_MS while events come in.
    const vizSoon = () => {
      if (vizTimer || abort.signal.aborted) return;
      vizTimer = setTimeout(() => void loadViz(), Math.max(0, vizAt + VIZ_EVERY_MS - Date.now()));
    };

    cancel.addEventListener('click', async () => {
      cancel.disabled = true;
      try {
        show(await postJson<Job>(`${path}/cancel`, {}, abort.signal));
      } catch (error) {
        if (!abort.signal.aborted) message.replaceChildren(failure(error));
      } finally {
        cancel.disabled = false;
      }
    });

    const load = async () => {
      fill(page, loading('the job'));
      try {
        const job = await getJson<Job>(path, {}, abort.signal);
        document.title = `${job.name} · Overfly`;
        const facts: Array<[string, string]> = [
          ['Operation', job.operation],
          ['Filters', JSON.stringify(job.filters)],
          [
            'Options',
            `batch ${job.options.batchSize}, ${job.options.retryAttempts} retries, priority ${job.options.priority}`,
          ],
          ['Requested by', job.requestedBy],
          ['Created', utc(job.createdAt)],
          ['Started', utc(job.startedAt)],
          ['Finished', utc(job.finishedAt)],
          ['Worker', job.worker ?? '—'],
        ];
        fill(
          page,
          h('p', {}, h('a', { href: link('/batch-jobs') }, '← Batch jobs')),
          h('h1', {}, job.name, ' ', badge.element),
          h('p', { class: 'job-progress' }, status, ' ', bar.element, ' ', cancel),
          message,
          job.description ? h('p', {}, job.description) : null,
          h(
            'dl',
            { class: 'facts' },
            ...facts.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
          ),
          job.operation === 'export'
            ? h(
                'p',
                {},
                h(
                  'a',
                  { href: `${path}/export.csv`, download: `${job.name}.csv` },
                  'Download the CSV',
                ),
              )
            : null,
          chartBox,
        );
        show(job);
        await loadViz();
      } catch (error) {
        if (!abort.signal.aborted)
          fill(
            page,
            failure(error, () => void load()),
          );
      }
    };

    let opened = 0;
    const socket = openSocket({
      path: '/v1/batch-jobs/events',
      onStatus: (s, detail) => {
        badge.set(s, detail);
        if (s === 'open' && opened++ > 0) void load();
      },
      onMessage: (msg) => {
        const event = msg as JobEvent;
        if (event?.job?.commandId !== id || !page.contains(bar.element)) return;
        show(stateOf(event));
        vizSoon();
      },
    });
    void load();
    return () => {
      abort.abort();
      socket.close();
      if (vizTimer) clearTimeout(vizTimer);
    };
  },
};
