import type { List } from '../api/types.js';
import { fill, h } from './dom.js';
import { empty, failure, loading } from './states.js';

/** Rows a list keeps at most: past it, "More" gives way to "narrow the filters". */
const MAX_ROWS = 1_000;

export interface PagedTable<T> {
  /** The table (or its state) and the "More" button, to put in the page. */
  element: HTMLElement;
  /** Loads the first page again, replacing the rows (a filter or a live refresh). */
  reload(): Promise<void>;
  /** Whether pages after the first are shown (a live refresh would drop them). */
  paged(): boolean;
  /** Puts a row for `item` first (a live view's new entry), keeping at most MAX_ROWS. */
  prepend(item: T): void;
  /** Stops any request in flight. */
  stop(): void;
}

/**
 * A table over a keyset-paged list route: the first page, then "More" for the next
 * (`page.next` passed back as the cursor), never more than MAX_ROWS rows. Loading, empty and
 * failure states from ui/states.ts; every request stopped by `stop()`.
 */
export function pagedTable<T>(options: {
  what: string;
  head: readonly (string | { text: string; num: true })[];
  load: (cursor: string | null, signal: AbortSignal) => Promise<List<T>>;
  row: (item: T) => HTMLTableRowElement;
  emptyText: string;
  /** Called with the items of each page loaded (a live view indexes them). */
  onPage?: (items: readonly T[], first: boolean) => void;
}): PagedTable<T> {
  const element = h('div', { class: 'paged' });
  const body = h('tbody');
  const count = h('p', { class: 'muted count', 'aria-live': 'polite' });
  const more = h('button', { type: 'button', class: 'more' }, 'More');
  const table = h(
    'table',
    {},
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...options.head.map((c) =>
          typeof c === 'string'
            ? h('th', { scope: 'col' }, c)
            : h('th', { scope: 'col', class: 'num' }, c.text),
        ),
      ),
    ),
    body,
  );
  let next: string | null = null;
  let rows = 0;
  let pages = 0;
  let abort = new AbortController();

  const footer = () => {
    count.textContent = `${rows} ${options.what} shown${next ? '' : ' (all)'}`;
    if (next && rows < MAX_ROWS) more.hidden = false;
    else more.hidden = true;
    if (next && rows >= MAX_ROWS)
      count.textContent += ` — the first ${MAX_ROWS}: narrow the filters`;
  };

  const loadPage = async (first: boolean) => {
    abort.abort();
    abort = new AbortController();
    const signal = abort.signal;
    if (first && pages === 0) fill(element, loading(options.what));
    more.disabled = true;
    try {
      const list = await options.load(first ? null : next, signal);
      if (signal.aborted) return;
      if (first) {
        body.replaceChildren();
        rows = 0;
        pages = 0;
      }
      pages++;
      next = list.page.next;
      const room = Math.max(0, MAX_ROWS - rows);
      const items = list.items.slice(0, room);
      for (const item of items) body.append(options.row(item));
      rows += items.length;
      options.onPage?.(items, first);
      if (rows === 0) fill(element, empty(options.emptyText));
      else {
        if (element.firstChild !== table) fill(element, table, count, more);
        footer();
      }
    } catch (error) {
      if (signal.aborted) return;
      if (first)
        fill(
          element,
          failure(error, () => void loadPage(true)),
        );
      else element.append(failure(error));
    } finally {
      more.disabled = false;
    }
  };

  more.addEventListener('click', () => void loadPage(false));
  return {
    element,
    reload: () => loadPage(true),
    paged: () => pages > 1,
    prepend(item) {
      body.prepend(options.row(item));
      rows++;
      while (rows > MAX_ROWS && body.lastChild) {
        body.lastChild.remove();
        rows--;
      }
      if (element.firstChild !== table) fill(element, table, count, more);
      footer();
    },
    stop: () => abort.abort(),
  };
}
