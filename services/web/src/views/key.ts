import { apiKey, setApiKey } from '../api/key.js';
import { h } from '../ui/dom.js';
import type { View } from './view.js';

/** Where a user enters the api key when the api has API_KEYS set (the demo does not). */
export const keyView: View = {
  title: 'API key',
  mount(root) {
    const input = h('input', {
      id: 'api-key',
      type: 'password',
      autocomplete: 'off',
      value: apiKey() ?? '',
    });
    const form = h(
      'form',
      { class: 'card' },
      h('h1', {}, 'API key'),
      h(
        'p',
        {},
        'The api asks for a key (API_KEYS). It is kept in this browser only and sent with each request.',
      ),
      h('label', { for: 'api-key' }, 'Key'),
      input,
      h('button', { type: 'submit' }, 'Save'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      setApiKey(input.value);
      location.hash = '#/';
    });
    root.append(form);
    input.focus();
    return () => {};
  },
};
