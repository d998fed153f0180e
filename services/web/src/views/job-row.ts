import type { Job, JobEvent } from '../api/types.js';
import { link } from '../router.js';
import { h } from '../ui/dom.js';
import { utc } from '../ui/format.js';
import { progressBar } from '../ui/progress.js';

/** What a job's live state shows: from REST (a Job) or a batch.progress event. */
export type LiveState = Pick<Job, 'status' | 'processed' | 'failed' | 'total' | 'message'>;

export const jobBadge = (status: string) =>
  h('span', { class: `badge status-${status.toLowerCase()}` }, status);

/** A batch.progress record as the state a row or the job page shows. */
export function stateOf(event: JobEvent): LiveState {
  const { status, processed, failed, total, message } = event.job;
  return { status: status as LiveState['status'], processed, failed, total, message };
}

/** A row of the jobs list whose status and progress `update` changes in place. */
export function jobRow(job: Job): { row: HTMLTableRowElement; update(s: LiveState): void } {
  const status = h('td', { class: 'status' });
  const bar = progressBar(`Progress of ${job.name}`);
  const message = h('td', { class: 'message muted' });
  const update = (s: LiveState) => {
    status.replaceChildren(jobBadge(s.status));
    bar.set(s);
    message.textContent = s.message ?? '';
  };
  update(job);
  const row = h(
    'tr',
    { 'data-job': job.jobId },
    h('td', {}, h('a', { href: link(`/batch-jobs/${encodeURIComponent(job.jobId)}`) }, job.name)),
    h('td', {}, job.operation),
    status,
    h('td', { class: 'progress-cell' }, bar.element),
    message,
    h('td', {}, utc(job.createdAt)),
    h('td', {}, job.requestedBy),
  );
  return { row, update };
}
