import { openSocket, type Socket, type SocketStatus } from '../api/socket.js';
import type { Columns } from './columns.js';
import type { WorkerIn, WorkerOut } from './parse-worker.js';

export interface StreamHandlers {
  /** A parsed snapshot or delta, in the order the server sent them. */
  onFrame: (columns: Columns, parseMs: number) => void;
  onStatus: (status: SocketStatus, detail?: string) => void;
  onError: (title: string, detail: string) => void;
}

/** Frames held for the worker beyond this: the page fell behind; it asks for a new snapshot. */
const MAX_PENDING = 8;

/**
 * The live stream (`/v1/live`, JSON) parsed in a worker: text frames go to the worker as
 * they arrive, columns come back in order. Frames of an older connection (before a
 * reconnect or a pause) are dropped by their generation.
 */
export class LiveStream {
  private readonly worker: Worker;
  private readonly socket: Socket;
  private seq = 0;
  private generation = 0;
  private readonly generationOf = new Map<number, number>();
  private paused = false;

  constructor(private readonly handlers: StreamHandlers) {
    this.worker = new Worker(new URL('./parse-worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (event: MessageEvent<WorkerOut>) => this.received(event.data);
    this.socket = openSocket({
      path: '/v1/live',
      raw: true,
      onMessage: (_message, raw) => this.sent(raw),
      onStatus: (status, detail) => {
        if (status === 'connecting') this.generation++;
        handlers.onStatus(status, detail);
      },
    });
  }

  /** Stops applying live frames (time travel); resume() reconnects for a fresh snapshot. */
  pause(): void {
    this.paused = true;
    this.generation++;
  }

  resume(): void {
    this.paused = false;
    this.socket.reconnect();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** A text frame as if the server had sent it (pnpm bench:web feeds deltas this way). */
  inject(text: string): void {
    this.sent(text);
  }

  close(): void {
    this.socket.close();
    this.worker.terminate();
    this.generationOf.clear();
  }

  private sent(text: string): void {
    if (this.paused) return;
    if (this.generationOf.size >= MAX_PENDING) {
      // Behind by more than a few ticks: a new snapshot is cheaper than the backlog.
      this.generationOf.clear();
      this.socket.reconnect();
      return;
    }
    const seq = ++this.seq;
    this.generationOf.set(seq, this.generation);
    this.worker.postMessage({ seq, text } satisfies WorkerIn);
  }

  private received(out: WorkerOut): void {
    const generation = this.generationOf.get(out.seq);
    this.generationOf.delete(out.seq);
    if (generation !== this.generation || this.paused) return;
    if ('error' in out) this.handlers.onError(out.error.title, out.error.detail);
    else this.handlers.onFrame(out.columns, out.parseMs);
  }
}
