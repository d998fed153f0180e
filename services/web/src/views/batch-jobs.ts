import { getJson } from '../api/client.js';
import { openSocket } from '../api/socket.js';
import type { Job, JobEvent, List } from '../api/types.js';
import { h } from '../ui/dom.js';
import { type Field, filterForm, filtersOf } from '../ui/filters.js';
import { pagedTable } from '../ui/paged.js';
import '../ui/views.css';
import { jobForm } from './job-form.js';
import { jobRow, type LiveState, stateOf } from './job-row.js';
import { socketBadge } from './socket-badge.js';
import type { View } from './view.js';

const FIELDS: readonly Field[] = [
  {
    name: 'status',
    label: 'Status',
    kind: 'select',
    options: [
      'ACCEPTED',
      'RUNNING',
      'SUCCEEDED',
      'FAILED',
      'CANCELLED',
      'REJECTED',
    ] satisfies Job['status'][],
  },
  {
    name: 'operation',
    label: 'Operation',
    kind: 'select',
    options: [
      'export',
      'report',
      'validate',
      'reprice',
      'reprocess',
      'import',
    ] satisfies Job['operation'][],
  },
];

/**
 * #/batch-jobs: the jobs, newest first, their progress moving live from the
 * /v1/batch-jobs/events WebSocket, and the form that starts one.
 */
export const batchJobsView: View = {
  title: 'Batch jobs',
  mount(root, _params, query) {
    const filters = filtersOf(FIELDS, query);
    const filtered = Object.keys(filters).length > 0;
    // The rows shown, by jobId: an event updates its row in place.
    const rows = new Map<string, (s: LiveState) => void>();
    const rowOf = (job: Job) => {
      const { row, update } = jobRow(job);
      rows.set(job.jobId, update);
      return row;
    };
    const table = pagedTable<Job>({
      what: 'jobs',
      head: ['Job', 'Operation', 'Status', 'Progress', 'Message', 'Created', 'By'],
      emptyText: filtered ? 'No job matches these filters.' : 'No batch job yet: start one above.',
      load: (cursor, signal) => {
        if (cursor === null) rows.clear();
        return getJson<List<Job>>('/v1/batch-jobs', { ...filters, cursor, limit: 50 }, signal);
      },
      row: rowOf,
    });
    // A row is dropped from the map when its element left the table (paging, the cap).
    const updateOf = (jobId: string) => {
      const update = rows.get(jobId);
      if (update && !root.querySelector(`tr[data-job="${CSS.escape(jobId)}"]`)) {
        rows.delete(jobId);
        return undefined;
      }
      return update;
    };
    const added = (job: Job) => {
      if (!rows.has(job.jobId) && !filtered) table.prepend(job);
    };
    const form = jobForm(added);
    const badge = socketBadge();
    let opened = 0;
    const socket = openSocket({
      path: '/v1/batch-jobs/events',
      onStatus: (status, detail) => {
        badge.set(status, detail);
        // Back after a cut: what was missed is read over REST.
        if (status === 'open' && opened++ > 0) void table.reload();
      },
      onMessage: (message) => {
        const event = message as JobEvent;
        if (!event?.job?.commandId) return;
        const update = updateOf(event.job.commandId);
        if (update) update(stateOf(event));
        else if (event.event === 'batch:created' && !filtered)
          getJson<Job>(`/v1/batch-jobs/${encodeURIComponent(event.job.commandId)}`)
            .then(added)
            .catch(() => {});
      },
    });
    root.append(
      h(
        'section',
        { class: 'page' },
        h('h1', {}, 'Batch jobs ', badge.element),
        form.element,
        h('h2', {}, 'Jobs'),
        filterForm('/batch-jobs', FIELDS, query),
        table.element,
      ),
    );
    void table.reload();
    return () => {
      socket.close();
      table.stop();
      form.stop();
    };
  },
};
