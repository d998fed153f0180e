import { h } from '../ui/dom.js';
import { count } from '../ui/format.js';
import { NO_FILTER, type TrafficFilter } from './filter.js';

const FEET = 0.3048;

/**
 * The filters (altitude range in feet, on ground, callsign, operator, FIR) and the count
 * of aircraft shown out of those held. Every control has a label; changes apply as typed.
 */
export class TrafficForm {
  readonly element: HTMLFormElement;
  private readonly counter = h('output', {
    class: 'count',
    'aria-live': 'polite',
    id: 'traffic-count',
  });
  private readonly minAlt = h('input', {
    id: 'f-min-alt',
    type: 'number',
    min: 0,
    max: 60000,
    step: 1000,
    placeholder: '0',
    inputmode: 'numeric',
  });
  private readonly maxAlt = h('input', {
    id: 'f-max-alt',
    type: 'number',
    min: 0,
    max: 60000,
    step: 1000,
    placeholder: '60000',
    inputmode: 'numeric',
  });
  private readonly ground = h(
    'select',
    { id: 'f-ground' },
    h('option', { value: 'any' }, 'Airborne and on ground'),
    h('option', { value: 'airborne' }, 'Airborne'),
    h('option', { value: 'ground' }, 'On ground'),
  );
  private readonly callsign = h('input', {
    id: 'f-callsign',
    type: 'search',
    placeholder: 'e.g. BAW',
    autocomplete: 'off',
    spellcheck: 'false',
  });
  private readonly operator = h('input', {
    id: 'f-operator',
    type: 'search',
    placeholder: 'e.g. AFR,DLH',
    autocomplete: 'off',
    spellcheck: 'false',
  });
  private readonly fir = h('input', {
    id: 'f-fir',
    type: 'search',
    placeholder: 'e.g. LSAS',
    autocomplete: 'off',
    spellcheck: 'false',
    list: 'fir-ids',
  });
  private readonly firList = h('datalist', { id: 'fir-ids' });

  /**
   * `onChange` on every edit; `onSubmit` on Enter (the view selects the first aircraft
   * shown, so a keyboard user reaches an aircraft by its callsign).
   */
  constructor(onChange: (filter: TrafficFilter) => void, onSubmit: () => void = () => {}) {
    const field = (label: string, control: HTMLElement, id: string) =>
      h('label', { for: id }, label, control);
    this.element = h(
      'form',
      { class: 'traffic-form', 'aria-label': 'Traffic filters', role: 'search' },
      field('Min altitude (ft)', this.minAlt, 'f-min-alt'),
      field('Max altitude (ft)', this.maxAlt, 'f-max-alt'),
      field('Ground', this.ground, 'f-ground'),
      field('Callsign', this.callsign, 'f-callsign'),
      field('Operator', this.operator, 'f-operator'),
      field('FIR', this.fir, 'f-fir'),
      this.firList,
      h('button', { type: 'submit', title: 'Select the first aircraft shown (Enter)' }, 'Find'),
      h('button', { type: 'reset' }, 'Clear'),
      this.counter,
    );
    const changed = () => onChange(this.read());
    this.element.addEventListener('input', changed);
    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      onSubmit();
    });
    this.element.addEventListener('reset', () => setTimeout(changed, 0));
  }

  setFirIds(ids: readonly string[]): void {
    this.firList.replaceChildren(...ids.map((id) => h('option', { value: id })));
  }

  setCount(shown: number, total: number): void {
    const text = `${count(shown)} of ${count(total)} aircraft`;
    if (this.counter.textContent !== text) {
      this.counter.textContent = text;
      this.counter.dataset.shown = String(shown);
      this.counter.dataset.total = String(total);
    }
  }

  read(): TrafficFilter {
    const feet = (input: HTMLInputElement) =>
      input.value.trim() === '' || !Number.isFinite(Number(input.value))
        ? null
        : Number(input.value) * FEET;
    const list = (text: string) =>
      text
        .toUpperCase()
        .split(/[\s,]+/)
        .filter((s) => /^[A-Z]{3}$/.test(s));
    return {
      ...NO_FILTER,
      minAlt: feet(this.minAlt),
      maxAlt: feet(this.maxAlt),
      ground: this.ground.value as TrafficFilter['ground'],
      callsign: this.callsign.value.trim().toUpperCase(),
      operators: list(this.operator.value),
      fir: this.fir.value.trim().toUpperCase(),
    };
  }
}
