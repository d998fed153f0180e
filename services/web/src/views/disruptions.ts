import { getJson } from '../api/client.js';
import { poll } from '../api/poll.js';
import type { DisruptionSummary, DisruptionType, Lifecycle, List, Severity } from '../api/types.js';
import { link } from '../router.js';
import { h } from '../ui/dom.js';
import { type Field, filterForm, filtersOf } from '../ui/filters.js';
import { utc } from '../ui/format.js';
import { pagedTable } from '../ui/paged.js';
import '../ui/views.css';
import type { View } from './view.js';

/** How often the list is read again while shown (and not paged past its first page). */
const REFRESH_MS = 10_000;

const TYPES = [
  'DELAY',
  'CASCADING_DELAY',
  'WEATHER_IMPACT',
  'AIRPORT_CONGESTION',
  'AIRLINE_WIDE',
  'NETWORK_EFFECT',
  'CANCELLATION',
  'DIVERSION',
  'ROTATION_RISK',
  'HOLDING',
  'GO_AROUND',
  'RETURN_TO_ORIGIN',
] as const satisfies readonly DisruptionType[];
const SEVERITY_LIST = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const satisfies readonly Severity[];
const LIFECYCLE_LIST = ['DETECTED', 'UPDATED', 'RESOLVED'] as const satisfies readonly Lifecycle[];

const FIELDS: readonly Field[] = [
  { name: 'status', label: 'Status', kind: 'select', options: ['open', 'resolved'] },
  { name: 'type', label: 'Type', kind: 'select', options: TYPES },
  { name: 'severity', label: 'Severity', kind: 'select', options: SEVERITY_LIST },
  { name: 'lifecycle', label: 'Lifecycle', kind: 'select', options: LIFECYCLE_LIST },
  {
    name: 'airport',
    label: 'Airport',
    kind: 'text',
    placeholder: 'EGLL',
    pattern: '[A-Za-z0-9]{4}',
    upper: true,
  },
  {
    name: 'operator',
    label: 'Operator',
    kind: 'text',
    placeholder: 'BAW',
    pattern: '[A-Za-z]{3}',
    upper: true,
  },
  { name: 'from', label: 'From', kind: 'date' },
  { name: 'to', label: 'To', kind: 'date' },
];

/** The hash's filters as the api takes them: dates (YYYY-MM-DD, UTC) as epoch ms, `to` included. */
function apiFilters(query: URLSearchParams): Record<string, string | number> {
  const { from, to, ...rest } = filtersOf(FIELDS, query);
  const day = (d: string) => Date.parse(`${d}T00:00:00Z`);
  return {
    ...rest,
    ...(from && Number.isFinite(day(from)) ? { from: day(from) } : {}),
    ...(to && Number.isFinite(day(to)) ? { to: day(to) + 86_400_000 } : {}),
  };
}

export const severityBadge = (s: string) =>
  h('span', { class: `badge severity-${s.toLowerCase()}` }, s);

/** #/disruptions: disruptions as their latest revision tells them, read again every 10 s. */
export const disruptionsView: View = {
  title: 'Disruptions',
  mount(root, _params, query) {
    const filters = apiFilters(query);
    const updated = h('p', { class: 'muted updated', 'aria-live': 'off' });
    const table = pagedTable<DisruptionSummary>({
      what: 'disruptions',
      head: [
        'Disruption',
        'Type',
        'Severity',
        'Lifecycle',
        'Airport',
        'Operator',
        { text: 'Flights', num: true },
        'EU261',
        'Window (UTC)',
      ],
      emptyText: 'No disruption matches these filters.',
      load: (cursor, signal) =>
        getJson<List<DisruptionSummary>>(
          '/v1/disruptions',
          { ...filters, cursor, limit: 50 },
          signal,
        ),
      onPage: (_items, first) => {
        if (first) updated.textContent = `Updated ${utc(Date.now())}, every ${REFRESH_MS / 1000} s`;
        else
          updated.textContent =
            'Live updates paused while older pages are shown: apply the filters again to resume.';
      },
      row: (d) =>
        h(
          'tr',
          { 'data-disruption': d.disruptionId },
          h(
            'td',
            {},
            h('a', { href: link(`/disruptions/${encodeURIComponent(d.disruptionId)}`) }, d.summary),
            h('div', { class: 'source' }, d.disruptionId),
          ),
          h('td', {}, d.type),
          h('td', {}, severityBadge(d.severity)),
          h('td', {}, d.lifecycle),
          h('td', {}, d.airportIcao ?? '—'),
          h('td', {}, d.operatorIcao ?? 'several'),
          h('td', { class: 'num' }, d.affectedFlightCount),
          h(
            'td',
            {},
            d.eu261Relevant ? (d.extraordinaryCircumstances ? 'yes, extraordinary' : 'yes') : 'no',
          ),
          h('td', {}, `${utc(d.windowStart)} – ${utc(d.windowEnd).slice(11)}`),
        ),
    });
    root.append(
      h(
        'section',
        { class: 'page' },
        h('h1', {}, 'Disruptions'),
        filterForm('/disruptions', FIELDS, query),
        updated,
        table.element,
      ),
    );
    // The first page again every REFRESH_MS, unless older pages are shown (they would go).
    const stop = poll(async () => {
      if (!table.paged()) await table.reload();
    }, REFRESH_MS);
    return () => {
      stop();
      table.stop();
    };
  },
};
