import type { BatchProgress } from '@overfly/schemas';

/** The WebSocket events of a job, from its batch.progress status. */
const EVENT_OF: Record<BatchProgress['status'], string> = {
  ACCEPTED: 'batch:created',
  RUNNING: 'batch:progress',
  SUCCEEDED: 'batch:completed',
  FAILED: 'batch:failed',
  REJECTED: 'batch:failed',
  CANCELLED: 'batch:cancelled',
  UNKNOWN: 'batch:progress',
};

/** What the hub needs of a socket (the ws WebSocket has it). */
export interface EventSocket {
  readonly bufferedAmount: number;
  send(data: string): void;
  terminate(): void;
}

export interface BatchEventHub {
  /** A client: it gets the events of every job it may see (`scope` null: all). */
  connect(socket: EventSocket, scope: string | null): () => void;
  /** One job's progress, to every client that may see a job of `jobScope`. */
  publish(progress: BatchProgress, jobScope: string | null): void;
  readonly clients: number;
}

/**
 * Fans batch.progress out to WebSocket clients as `{ "event": "batch:progress", "job": {…} }`.
 * A tenant-scoped client gets its own operator's jobs only. A client that lets more than
 * `maxBuffered` bytes pile up is cut off (it reconnects and reads the jobs' state over
 * REST): every event is a whole state, but a missed `batch:completed` must not go unnoticed.
 */
export function createBatchEventHub(maxBuffered = 1 << 20): BatchEventHub {
  const clients = new Map<EventSocket, string | null>();
  return {
    connect(socket, scope) {
      clients.set(socket, scope);
      return () => clients.delete(socket);
    },
    publish(progress, jobScope) {
      const frame = JSON.stringify({ event: EVENT_OF[progress.status], job: progress });
      for (const [socket, scope] of clients) {
        if (scope !== null && scope !== jobScope) continue;
        if (socket.bufferedAmount > maxBuffered) {
          clients.delete(socket);
          socket.terminate();
          continue;
        }
        socket.send(frame);
      }
    },
    get clients() {
      return clients.size;
    },
  };
}
