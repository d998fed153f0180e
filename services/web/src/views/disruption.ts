import { getJson } from '../api/client.js';
import type { Disruption, List, PassengerEvent } from '../api/types.js';
import { link } from '../router.js';
import { fill, h } from '../ui/dom.js';
import { moneyOf, utc } from '../ui/format.js';
import { pagedTable } from '../ui/paged.js';
import { failure, loading } from '../ui/states.js';
import '../ui/views.css';
import { severityBadge } from './disruptions.js';
import type { View } from './view.js';

const table = (head: readonly string[], rows: readonly HTMLTableRowElement[]) =>
  h(
    'table',
    {},
    h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, ...rows),
  );

const section = (title: string, ...content: Array<Node | null>) =>
  h('section', {}, h('h2', {}, title), ...content);

function evidence(d: Disruption): HTMLElement {
  const facts: Array<[string, string]> = [
    ['Type', d.type],
    ['Lifecycle', `${d.lifecycle} (revision ${d.revision})`],
    ['Airport', d.airportIcao ?? '—'],
    ['Operator', d.operatorIcao ?? 'several'],
    ['Window', `${utc(d.windowStart)} – ${utc(d.windowEnd)}`],
    ['Detected', utc(d.detectedAt)],
    ['Confidence', d.confidence === null ? '—' : `${Math.round(d.confidence * 100)} %`],
    [
      'EU261',
      `${d.eu261Relevant ? 'relevant' : 'not relevant'}${d.extraordinaryCircumstances ? ', extraordinary circumstances' : ''}`,
    ],
    ['EU261 note', d.eu261Note ?? '—'],
    ['Root-cause leg', d.rootCauseScheduleId ?? '—'],
    ['Weather observation', d.weatherObservationId ?? '—'],
  ];
  return h(
    'div',
    {},
    h('dl', { class: 'facts' }, ...facts.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    section(
      `Affected flights (${d.affectedFlights.length})`,
      d.affectedFlights.length
        ? table(
            ['Flight', 'Leg', 'Route', 'Arrival delay', 'Cancelled', 'Passengers'],
            d.affectedFlights.map((f) =>
              h(
                'tr',
                {},
                h(
                  'td',
                  {},
                  f.flightNumber,
                  f.flightId ? h('div', { class: 'source' }, f.flightId) : null,
                ),
                h('td', {}, f.scheduleId),
                h('td', {}, `${f.departureAirport} → ${f.arrivalAirport}`),
                h(
                  'td',
                  {},
                  f.expectedArrivalDelayMinutes === null
                    ? '—'
                    : `${f.expectedArrivalDelayMinutes} min`,
                ),
                h('td', {}, f.cancelled ? 'yes' : 'no'),
                h('td', {}, f.passengerCount ?? '—'),
              ),
            ),
          )
        : h('p', { class: 'muted' }, 'None listed.'),
    ),
    section(
      'Correlated events',
      d.correlatedEventIds.length
        ? h(
            'ul',
            { class: 'ids' },
            ...d.correlatedEventIds.slice(0, 100).map((e) => h('li', {}, h('code', {}, e))),
          )
        : h('p', { class: 'muted' }, 'None.'),
    ),
    d.positions.length
      ? section(
          'Track positions',
          table(
            ['Event', 'Flight', 'Kind', 'At', 'Position', 'Airport'],
            d.positions
              .slice(0, 200)
              .map((p) =>
                h(
                  'tr',
                  {},
                  h('td', {}, h('code', {}, p.eventId)),
                  h('td', {}, p.flightId),
                  h('td', {}, p.kind),
                  h('td', {}, utc(p.occurredAt)),
                  h(
                    'td',
                    {},
                    p.latitude === null || p.longitude === null
                      ? '—'
                      : `${p.latitude.toFixed(3)}, ${p.longitude.toFixed(3)}`,
                  ),
                  h('td', {}, p.airportIcao ?? '—'),
                ),
              ),
          ),
        )
      : null,
    d.optionCosts.length
      ? section(
          'Option costs',
          table(
            ['Leg', 'Option', 'Passengers', 'Cost'],
            d.optionCosts.map((o) =>
              h(
                'tr',
                {},
                h('td', {}, o.scheduleId),
                h('td', {}, o.option),
                h('td', {}, o.passengers),
                h('td', { class: 'num' }, moneyOf(o.cost)),
              ),
            ),
          ),
        )
      : null,
    section(
      'History',
      table(
        ['Revision', 'Lifecycle', 'Severity', 'Summary', 'Flights', 'Published'],
        d.history.map((r) =>
          h(
            'tr',
            {},
            h('td', {}, r.revision),
            h('td', {}, r.lifecycle),
            h('td', {}, severityBadge(r.severity)),
            h('td', {}, r.summary),
            h('td', {}, r.affectedFlightCount),
            h('td', {}, utc(r.detectedAt)),
          ),
        ),
      ),
    ),
  );
}

function passengers(disruptionId: string) {
  return pagedTable<PassengerEvent>({
    what: 'decisions',
    head: [
      'Passenger',
      'Decision',
      'Leg',
      'Priority',
      'EU261',
      'Delay',
      'Compensation',
      'Rebooking',
      'Decided',
    ],
    emptyText: 'No decision about its passengers yet.',
    load: (cursor, signal) =>
      getJson<List<PassengerEvent>>(
        '/v1/passenger-events',
        { disruptionId, cursor, limit: 50 },
        signal,
      ),
    row: (p) =>
      h(
        'tr',
        { 'data-passenger': p.passengerId },
        h('td', {}, p.passengerId, h('div', { class: 'source' }, `booking ${p.bookingId}`)),
        h('td', {}, p.type),
        h('td', {}, p.scheduleId),
        h(
          'td',
          {},
          p.priority,
          p.priorityReasons.length
            ? h('div', { class: 'source' }, p.priorityReasons.join(', '))
            : null,
        ),
        h(
          'td',
          {},
          p.eu261Eligible
            ? `eligible${p.eu261DistanceKm ? ` (${Math.round(p.eu261DistanceKm)} km)` : ''}`
            : 'no',
        ),
        h('td', {}, p.arrivalDelayMinutes === null ? '—' : `${p.arrivalDelayMinutes} min`),
        h('td', { class: 'num' }, moneyOf(p.compensation)),
        h(
          'td',
          {},
          p.rebooking
            ? `${p.rebooking.flightNumber} ${p.rebooking.departureAirport} → ${p.rebooking.arrivalAirport}, ${utc(p.rebooking.scheduledDeparture)}`
            : '—',
        ),
        h('td', {}, utc(p.occurredAt)),
      ),
  });
}

/** #/disruptions/:id: a disruption's latest revision with its evidence, history and passengers. */
export const disruptionView: View = {
  title: 'Disruption',
  mount(root, params) {
    const id = params.id ?? '';
    const abort = new AbortController();
    const page = h('section', { class: 'page' });
    root.append(page);
    const people = passengers(id);
    const load = async () => {
      fill(page, loading('the disruption'));
      try {
        const d = await getJson<Disruption>(
          `/v1/disruptions/${encodeURIComponent(id)}`,
          {},
          abort.signal,
        );
        document.title = `${d.summary} · Overfly`;
        fill(
          page,
          h('p', {}, h('a', { href: link('/disruptions') }, '← Disruptions')),
          h('h1', {}, d.summary, ' ', severityBadge(d.severity)),
          h('p', { class: 'muted' }, d.disruptionId),
          evidence(d),
          h('section', { class: 'passengers' }, h('h2', {}, 'Passengers'), people.element),
        );
        void people.reload();
      } catch (error) {
        if (!abort.signal.aborted)
          fill(
            page,
            failure(error, () => void load()),
          );
      }
    };
    void load();
    return () => {
      abort.abort();
      people.stop();
    };
  },
};
