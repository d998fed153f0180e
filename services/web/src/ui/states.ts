import { ApiError } from '../api/client.js';
import { h } from './dom.js';

/** What a view shows while it loads, when it has nothing, and when it failed. */
export const loading = (what: string) =>
  h('p', { class: 'state loading', role: 'status' }, `Loading ${what}…`);

export const empty = (text: string) => h('p', { class: 'state empty', role: 'status' }, text);

export function failure(error: unknown, retry?: () => void): HTMLElement {
  const text =
    error instanceof ApiError
      ? `${error.status} ${error.title}${error.detail ? `: ${error.detail}` : ''}`
      : error instanceof Error
        ? error.message
        : String(error);
  const hint =
    error instanceof ApiError && error.status === 401
      ? h('p', {}, 'This api needs a key: ', h('a', { href: '#/key' }, 'enter one'), '.')
      : null;
  return h(
    'div',
    { class: 'state failed', role: 'alert' },
    h('p', {}, `Could not load: ${text}`),
    hint,
    retry ? h('button', { type: 'button', onclick: () => retry() }, 'Try again') : null,
  );
}
