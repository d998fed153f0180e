import { link } from '../router.js';
import { h } from './dom.js';

/** One control of a filter form; its value lives in the hash query under `name`. */
export type Field =
  | { name: string; label: string; kind: 'select'; options: readonly string[] }
  | {
      name: string;
      label: string;
      kind: 'text' | 'date';
      placeholder?: string;
      pattern?: string;
      /** Upper-case what is typed (ICAO codes). */
      upper?: boolean;
    };

/**
 * A filter form whose values are the hash's query: applying it navigates to
 * `#<path>?<filters>`, so the filtered list is a link to share and the back button undoes it.
 * The router mounts the view again with the new query.
 */
export function filterForm(
  path: string,
  fields: readonly Field[],
  query: URLSearchParams,
): HTMLFormElement {
  const controls = fields.map((field) => {
    const id = `f-${field.name}`;
    const value = query.get(field.name) ?? '';
    const control =
      field.kind === 'select'
        ? h(
            'select',
            { id, name: field.name },
            h('option', { value: '' }, 'any'),
            ...field.options.map((o) => h('option', { value: o, selected: o === value }, o)),
          )
        : h('input', {
            id,
            name: field.name,
            type: field.kind,
            value,
            placeholder: field.kind === 'text' ? (field.placeholder ?? null) : null,
            pattern: field.kind === 'text' ? (field.pattern ?? null) : null,
            autocomplete: 'off',
            size: field.kind === 'text' ? 10 : null,
          });
    if (field.kind === 'text' && field.upper)
      control.addEventListener('change', () => {
        (control as HTMLInputElement).value = (control as HTMLInputElement).value.toUpperCase();
      });
    return h('label', { for: id }, field.label, control);
  });
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filters' },
    ...controls,
    h('button', { type: 'submit' }, 'Apply'),
    h('a', { href: link(path), class: 'reset' }, 'Clear'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const values: Record<string, string> = {};
    for (const [name, value] of new FormData(form)) {
      const text = String(value).trim();
      const field = fields.find((f) => f.name === name);
      if (text) values[name] = field?.kind === 'text' && field.upper ? text.toUpperCase() : text;
    }
    location.hash = link(path, values);
  });
  return form;
}

/** The query's values of `fields` (empty ones left out), for the api call. */
export function filtersOf(
  fields: readonly Field[],
  query: URLSearchParams,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const v = query.get(f.name);
    if (v) out[f.name] = v;
  }
  return out;
}
