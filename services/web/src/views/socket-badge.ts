import type { SocketStatus } from '../api/socket.js';
import { h } from '../ui/dom.js';

const TEXT: Record<SocketStatus, string> = {
  connecting: 'connecting…',
  open: 'live',
  closed: 'reconnecting…',
};

/** Whether a view's WebSocket is live, as a badge beside its title. */
export function socketBadge(): {
  element: HTMLElement;
  set(s: SocketStatus, detail?: string): void;
} {
  const element = h(
    'span',
    { class: 'badge live-badge', role: 'status', 'data-socket': 'connecting' },
    TEXT.connecting,
  );
  return {
    element,
    set(status, detail) {
      element.dataset.socket = status;
      element.textContent = TEXT[status];
      element.title = detail ?? '';
    },
  };
}
