import { postJson } from '../api/client.js';
import type { Job, NewJob, Operation } from '../api/types.js';
import { h } from '../ui/dom.js';
import { failure } from '../ui/states.js';

const OPERATIONS = [
  'export',
  'report',
  'validate',
  'reprice',
  'reprocess',
  'import',
] as const satisfies readonly Operation[];

const HINTS: Record<Operation, string> = {
  export: 'Invoice lines as CSV, one item per document (operator, status, period).',
  report: 'Revenue per zone and operator, one item per tariff month (from and to needed).',
  validate: 'Data-quality checks on each charge (operator, zone, status, flight dates).',
  reprice: 'Charges of a period priced again under a tariff version (from, to, version).',
  reprocess: 'FIR crossings computed again from recorded positions (a period, or flights).',
  import: 'Crossings of uploaded trajectory files (files).',
};

type Filters = NonNullable<NewJob['filters']>;

const input = (
  name: string,
  label: string,
  attrs: Record<string, string | number | boolean> = {},
) => {
  const id = `job-${name}`;
  return h('label', { for: id }, label, h('input', { id, name, autocomplete: 'off', ...attrs }));
};

/** The values of the form as POST /v1/batch-jobs takes them (empty fields left out). */
function bodyOf(form: HTMLFormElement): NewJob {
  const v = (name: string) => {
    const el = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
    return el?.value.trim() ?? '';
  };
  const list = (name: string) =>
    v(name)
      .split(/[\s,]+/)
      .filter(Boolean);
  const filters: Filters = {};
  if (v('operator')) filters.operator = v('operator').toUpperCase();
  if (v('from')) filters.from = v('from');
  if (v('to')) filters.to = v('to');
  if (v('status')) filters.status = v('status').toUpperCase();
  if (v('zone')) filters.zone = v('zone').toUpperCase();
  if (v('tariffVersion')) filters.tariffVersion = v('tariffVersion');
  if (list('flights').length) filters.flights = list('flights');
  if (list('files').length) filters.files = list('files');
  const options: NonNullable<NewJob['options']> = {};
  if (v('batchSize')) options.batchSize = Number(v('batchSize'));
  if (v('priority')) options.priority = Number(v('priority'));
  return {
    operation: v('operation') as Operation,
    name: v('name'),
    ...(Object.keys(filters).length ? { filters } : {}),
    ...(Object.keys(options).length ? { options } : {}),
  };
}

/**
 * The form that starts a batch job (POST /v1/batch-jobs); `started` gets the job accepted.
 * The api's refusal (a 400 naming the field) is shown under the form.
 */
export function jobForm(started: (job: Job) => void): { element: HTMLElement; stop(): void } {
  const abort = new AbortController();
  const hint = h('p', { class: 'muted hint', id: 'job-hint' });
  const operation = h(
    'select',
    { id: 'job-operation', name: 'operation', 'aria-describedby': 'job-hint' },
    ...OPERATIONS.map((o) => h('option', { value: o }, o)),
  );
  const showHint = () => {
    hint.textContent = HINTS[operation.value as Operation];
  };
  operation.addEventListener('change', showHint);
  showHint();
  const outcome = h('div', { class: 'outcome', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, 'Start job');
  const form = h(
    'form',
    { class: 'job-form', 'aria-labelledby': 'job-form-title' },
    h('h2', { id: 'job-form-title' }, 'Start a job'),
    h(
      'div',
      { class: 'filters' },
      h('label', { for: 'job-operation' }, 'Operation', operation),
      input('name', 'Name', { required: true, maxlength: 200, placeholder: 'March export' }),
      input('operator', 'Operator', { pattern: '[A-Za-z]{3}', size: 6, placeholder: 'BAW' }),
      input('from', 'From', { type: 'date' }),
      input('to', 'To', { type: 'date' }),
      input('status', 'Status', { size: 10, placeholder: 'PRICED' }),
      input('zone', 'Zone', { size: 6, placeholder: 'EG' }),
      input('tariffVersion', 'Tariff version', { size: 12 }),
      input('flights', 'Flights (ids)', { size: 16 }),
      input('files', 'Files', { size: 12 }),
      input('batchSize', 'Batch size', { type: 'number', min: 1, max: 10000, size: 6 }),
      input('priority', 'Priority (9 first)', { type: 'number', min: 0, max: 9, size: 4 }),
      submit,
    ),
    hint,
    outcome,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    outcome.replaceChildren();
    try {
      const job = await postJson<Job>('/v1/batch-jobs', bodyOf(form), abort.signal);
      outcome.append(h('p', { class: 'ok' }, `Job “${job.name}” accepted.`));
      started(job);
    } catch (error) {
      if (!abort.signal.aborted) outcome.append(failure(error));
    } finally {
      submit.disabled = false;
    }
  });
  return { element: form, stop: () => abort.abort() };
}
