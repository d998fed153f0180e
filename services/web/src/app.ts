import { match, type Route } from './router.js';
import { h } from './ui/dom.js';
import { failure } from './ui/states.js';

/**
 * The page's router: one view at a time in `main`, chosen by the URL's hash, so every
 * view has a link to share and the browser's back button works. The previous view is
 * left (its sockets and timers stopped) before the next is drawn.
 */
export function startApp(root: HTMLElement, routes: readonly Route[]): void {
  let leave: (() => void) | null = null;
  let generation = 0;

  const show = async () => {
    const mine = ++generation;
    leave?.();
    leave = null;
    root.replaceChildren();
    const found = match(routes, location.hash);
    markCurrent();
    if (!found) {
      root.append(
        h(
          'p',
          { class: 'state empty' },
          'No such page. ',
          h('a', { href: '#/' }, 'Back to the globe'),
        ),
      );
      return;
    }
    try {
      const view = await found.route.view();
      if (mine !== generation) return;
      document.title = `${view.title} · Overfly`;
      root.dataset.view = found.route.pattern;
      leave = view.mount(root, found.params, found.query);
    } catch (error) {
      if (mine === generation) root.append(failure(error));
    }
  };

  window.addEventListener('hashchange', () => void show());
  void show();
}

/** aria-current on the nav link of the view shown. */
function markCurrent(): void {
  const path = (location.hash.replace(/^#/, '').split('?')[0] ?? '/') || '/';
  const top = `/${path.split('/').filter(Boolean)[0] ?? ''}`;
  for (const a of document.querySelectorAll<HTMLAnchorElement>('header nav a')) {
    const target = a.getAttribute('href')?.replace(/^#/, '') ?? '';
    if (target === top) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}
