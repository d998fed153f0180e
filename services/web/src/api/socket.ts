import { backoffMs } from './backoff.js';
import { type Query, socketUrl } from './client.js';

export type SocketStatus = 'connecting' | 'open' | 'closed';

export interface SocketOptions {
  path: string;
  query?: Query;
  /** Each text message, parsed; binary frames are not used by the page. */
  onMessage: (message: unknown, raw: string) => void;
  onStatus?: (status: SocketStatus, detail?: string) => void;
  /** Called on every (re)open: e.g. to send the current filter again. */
  onOpen?: (send: (message: unknown) => void) => void;
  /** Raw text instead of parsed messages (the globe parses in a worker). */
  raw?: boolean;
}

export interface Socket {
  send(message: unknown): void;
  /** Reconnects with a new query (a new filter in the URL). */
  reconnect(query?: Query): void;
  close(): void;
}

/**
 * A WebSocket to the api that reconnects with backoff until closed. One per view; the view
 * closes it when it leaves, so no socket outlives its page.
 */
export function openSocket(options: SocketOptions): Socket {
  let query = options.query ?? {};
  let ws: WebSocket | null = null;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  const send = (message: unknown) => {
    if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
  };

  /**
   * Closes a socket without the browser's console error for one still connecting ("closed
   * before the connection is established"): that one closes as soon as it opens.
   */
  const drop = (socket: WebSocket) => {
    socket.onmessage = null;
    socket.onclose = null;
    if (socket.readyState === WebSocket.CONNECTING) socket.onopen = () => socket.close();
    else {
      socket.onopen = null;
      socket.close();
    }
  };

  const connect = () => {
    timer = null;
    if (closed) return;
    options.onStatus?.('connecting');
    const socket = new WebSocket(socketUrl(options.path, query));
    ws = socket;
    socket.onopen = () => {
      attempt = 0;
      options.onStatus?.('open');
      options.onOpen?.(send);
    };
    socket.onmessage = (event) => {
      if (typeof event.data !== 'string') return;
      if (options.raw) {
        options.onMessage(null, event.data);
        return;
      }
      let message: unknown;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      options.onMessage(message, event.data);
    };
    socket.onclose = (event) => {
      if (ws !== socket) return;
      ws = null;
      if (closed) return;
      options.onStatus?.('closed', event.reason || `code ${event.code}`);
      timer = setTimeout(connect, backoffMs(attempt++));
    };
  };

  connect();
  return {
    send,
    reconnect(next) {
      if (next) query = next;
      if (timer) clearTimeout(timer);
      const old = ws;
      ws = null;
      if (old) drop(old);
      attempt = 0;
      connect();
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      if (ws) drop(ws);
      ws = null;
    },
  };
}
