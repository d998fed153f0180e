// The live stream's text frames parsed off the drawing thread: JSON in, columns out
// (columns.ts), their buffers transferred. One message in, one out, in order.
import { type Columns, toColumns, transferables } from './columns.js';
import type { LiveMessage } from './live-types.js';

export type WorkerIn = { seq: number; text: string };
export type WorkerOut =
  | { seq: number; columns: Columns; parseMs: number }
  | { seq: number; error: { title: string; detail: string } };

// The worker's global, typed by what this file uses (the page's tsconfig has the DOM lib).
interface WorkerScope {
  onmessage: ((event: MessageEvent<WorkerIn>) => void) | null;
  postMessage(message: WorkerOut, transfer?: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;

scope.onmessage = (event: MessageEvent<WorkerIn>) => {
  const { seq, text } = event.data;
  const started = performance.now();
  let message: LiveMessage;
  try {
    message = JSON.parse(text) as LiveMessage;
  } catch {
    scope.postMessage({ seq, error: { title: 'Bad frame', detail: 'not JSON' } });
    return;
  }
  if (message.type === 'error') {
    const detail = message.errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    scope.postMessage({ seq, error: { title: message.title, detail } });
    return;
  }
  const columns =
    message.type === 'snapshot'
      ? toColumns('snapshot', message.t, message.aircraft)
      : toColumns('delta', message.t, message.changed, message.removed);
  scope.postMessage({ seq, columns, parseMs: performance.now() - started }, transferables(columns));
};
