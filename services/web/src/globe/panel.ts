import type { Charge } from '../../../api/src/schemas/charge.js';
import type { Crossing } from '../../../api/src/schemas/crossing.js';
import { getJson } from '../api/client.js';
import { h } from '../ui/dom.js';
import { altitude, knots, moneyOf, utc } from '../ui/format.js';
import type { AirspaceFir } from './airspace.js';
import { operatorOf } from './filter.js';
import type { CameraMode } from './hooks-types.js';

export interface Selected {
  icao24: string;
  callsign: string | null;
  alt: number;
  speed: number;
  track: number;
  vRate: number;
  ground: number;
  squawk: string | null;
  positionTime: number;
  lat: number;
  lon: number;
  ghost: boolean;
  fir: AirspaceFir | null;
}

type Page<T> = { items: T[] };

const num = (v: number, unit: string, digits = 0) =>
  Number.isNaN(v) ? '—' : `${v.toFixed(digits)} ${unit}`;

/**
 * The selected aircraft's panel: what it reports, the FIR it is in and its charging zone,
 * its FIR crossings and their charges (REST), and the camera modes. Lives in an <aside>
 * labelled for screen readers; Escape closes it.
 */
export class AircraftPanel {
  readonly element = h('aside', {
    class: 'aircraft-panel',
    'aria-label': 'Selected aircraft',
    hidden: true,
  });
  private readonly facts = h('dl', { class: 'facts' });
  private readonly title = h('h2', { id: 'aircraft-title' });
  private readonly billing = h('div', { class: 'billing' });
  private readonly follow = h('button', { type: 'button', 'aria-pressed': 'false' }, 'Follow');
  private readonly cockpit = h('button', { type: 'button', 'aria-pressed': 'false' }, 'Cockpit');
  private current = '';
  private abort: AbortController | null = null;

  constructor(actions: { mode: (mode: CameraMode) => void; close: () => void }) {
    const close = h(
      'button',
      { type: 'button', class: 'close', 'aria-label': 'Close the panel' },
      '×',
    );
    close.addEventListener('click', () => actions.close());
    this.follow.addEventListener('click', () =>
      actions.mode(this.follow.getAttribute('aria-pressed') === 'true' ? 'orbit' : 'follow'),
    );
    this.cockpit.addEventListener('click', () =>
      actions.mode(this.cockpit.getAttribute('aria-pressed') === 'true' ? 'orbit' : 'cockpit'),
    );
    this.element.append(
      h('header', {}, this.title, close),
      this.facts,
      h(
        'div',
        { class: 'modes', role: 'group', 'aria-label': 'Camera' },
        this.follow,
        this.cockpit,
      ),
      this.billing,
    );
  }

  /** Shows an aircraft (null hides the panel); its crossings load once per aircraft. */
  show(a: Selected | null, mode: CameraMode): void {
    this.element.hidden = a === null;
    if (!a) {
      this.current = '';
      this.abort?.abort();
      return;
    }
    this.title.textContent = `${a.callsign ?? a.icao24}${a.ghost ? ' (no news)' : ''}`;
    const row = (k: string, v: string) => [h('dt', {}, k), h('dd', {}, v)];
    this.facts.replaceChildren(
      ...row('ICAO 24', a.icao24),
      ...row('Operator', operatorOf(a.callsign) ?? '—'),
      ...row(
        'Altitude',
        a.ground === 1 ? 'on ground' : Number.isNaN(a.alt) ? '—' : altitude(a.alt),
      ),
      ...row('Speed', Number.isNaN(a.speed) ? '—' : knots(a.speed)),
      ...row('Track', num(a.track, '°')),
      ...row('Vertical', num(a.vRate, 'm/s', 1)),
      ...row('Squawk', a.squawk ?? '—'),
      ...row('Position', `${a.lat.toFixed(3)}, ${a.lon.toFixed(3)}`),
      ...row('Last fix', utc(a.positionTime)),
      ...row(
        'FIR',
        a.fir ? `${a.fir.id}${a.fir.name ? ` ${a.fir.name}` : ''}` : 'outside the layer',
      ),
      ...row(
        'Charging zone',
        a.fir?.zone ? `${a.fir.zone}${a.fir.zoneName ? ` ${a.fir.zoneName}` : ''}` : '—',
      ),
    );
    this.follow.setAttribute('aria-pressed', String(mode === 'follow'));
    this.cockpit.setAttribute('aria-pressed', String(mode === 'cockpit'));
    if (a.icao24 !== this.current) {
      this.current = a.icao24;
      void this.loadBilling(a.icao24);
    }
  }

  /** Follow and cockpit need an aircraft with news: disabled while it is a ghost. */
  setLost(lost: boolean): void {
    this.follow.disabled = lost;
    this.cockpit.disabled = lost;
  }

  dispose(): void {
    this.abort?.abort();
  }

  private async loadBilling(icao24: string): Promise<void> {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.billing.replaceChildren(h('p', { class: 'muted' }, 'Loading FIR crossings…'));
    try {
      const crossings = await getJson<Page<Crossing>>(
        '/v1/crossings',
        { icao24, limit: 20 },
        abort.signal,
      );
      const flightId = crossings.items[0]?.flightId;
      const charges = flightId
        ? await getJson<Page<Charge>>('/v1/charges', { flightId, limit: 20 }, abort.signal)
        : { items: [] };
      if (abort.signal.aborted) return;
      this.billing.replaceChildren(
        h('h3', {}, 'FIR crossings'),
        crossings.items.length === 0
          ? h('p', { class: 'muted' }, 'None recorded yet.')
          : h(
              'ul',
              { class: 'crossings' },
              ...crossings.items.map((c) =>
                h(
                  'li',
                  {},
                  `${c.firId} ${c.status === 'FINAL' ? '' : '(in it) '}${utc(c.entryTime)}`,
                  c.exitTime ? ` → ${utc(c.exitTime)}` : '',
                ),
              ),
            ),
        h('h3', {}, 'Charges'),
        charges.items.length === 0
          ? h(
              'p',
              { class: 'muted' },
              'None yet: a charge follows the exit from its charging zone.',
            )
          : h(
              'ul',
              { class: 'charges' },
              ...charges.items.map((c) =>
                h(
                  'li',
                  {},
                  `${c.chargingZone ?? c.firId} ${c.status} `,
                  h('strong', {}, moneyOf(c.amount)),
                  c.inputs ? ` · ${c.inputs.distanceKm.toFixed(0)} km` : '',
                ),
              ),
            ),
      );
    } catch (error) {
      if (abort.signal.aborted) return;
      this.billing.replaceChildren(
        h(
          'p',
          { class: 'muted' },
          `Crossings not available: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    }
  }
}
