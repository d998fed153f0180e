/**
 * The WebSocket clients of bench:api's live run, in their own process (spawned by
 * api-live.bench.ts with an IPC channel), so that their receipt times are not delayed by
 * the bench's producer and their parsing does not slow the producer.
 *
 * Each client takes `Date.now()` when a message arrives and only queues it; the queue is
 * read after the poll phase (setImmediate), so a burst of one tick's messages to every
 * client is stamped as it arrives, not after the parsing of the messages before it. Per
 * record of a delta: receipt − positionTime (the producer sets positionTime to its send
 * time, on this same machine) into a 1 ms histogram.
 *
 * The parent sends { cmd: 'connect', url, filters: string[] } (one query string per
 * client), { cmd: 'reset' } (the window starts), { cmd: 'report' } and { cmd: 'close' }.
 */
import WebSocket from 'ws';

interface Connect {
  cmd: 'connect';
  url: string;
  filters: string[];
}
type Command = Connect | { cmd: 'reset' } | { cmd: 'report' } | { cmd: 'close' };

/** What the parent gets for 'report': since the last 'reset'. */
export interface LiveClientsReport {
  /** Latency histogram: index = ms (the last bucket: that many ms or more). */
  histogram: number[];
  records: number;
  /** Delta records received by the unfiltered clients, and how many such clients. */
  unfilteredRecords: number;
  unfilteredClients: number;
  messages: number;
  bytes: number;
  snapshots: number;
  /** Aircraft in the last snapshot an unfiltered client got (all of them, once caught up). */
  snapshotAircraft: number;
  /** Clients that have had their snapshot; clients open now. */
  synced: number;
  open: number;
  errors: string[];
  seconds: number;
}

const MAX_MS = 30_000;
const send = (message: unknown) => process.send?.(message);

let histogram = new Uint32Array(MAX_MS + 1);
let records = 0;
let unfilteredRecords = 0;
let messages = 0;
let bytes = 0;
let snapshots = 0;
let snapshotAircraft = 0;
let since = Date.now();
const errors: string[] = [];
const sockets: WebSocket[] = [];
const synced = new Set<number>();
let unfilteredClients = 0;

/** [client, receipt time, unfiltered, data] waiting to be parsed. */
const queue: Array<[number, number, boolean, Buffer]> = [];
let draining = false;

const SNAPSHOT = '{"type":"snapshot"';
const DELTA = '{"type":"delta"';
const POSITION_TIME = '"positionTime":';

/**
 * Reads each queued message's records' positionTimes by scanning the text rather than
 * JSON.parse (no object per record): parsing 200 clients' deltas is this process's main
 * work, and while it works the next tick's messages wait to be stamped. The api and the naive
 * server both write `{"type":…` first and `"positionTime":<integer>` in every record.
 */
function drain() {
  draining = false;
  for (const [client, at, unfiltered, data] of queue.splice(0)) {
    const text = data.toString('utf8');
    const snapshot = text.startsWith(SNAPSHOT);
    if (!snapshot && !text.startsWith(DELTA)) continue;
    let count = 0;
    for (let i = text.indexOf(POSITION_TIME); i !== -1; i = text.indexOf(POSITION_TIME, i + 1)) {
      count++;
      if (snapshot) continue;
      const start = i + POSITION_TIME.length;
      let end = start;
      while (end < text.length && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end++;
      const ms = Math.max(0, Math.min(MAX_MS, at - Number(text.slice(start, end))));
      histogram[ms] = (histogram[ms] ?? 0) + 1;
    }
    if (snapshot) {
      snapshots++;
      synced.add(client);
      if (unfiltered) snapshotAircraft = count;
    } else {
      records += count;
      if (unfiltered) unfilteredRecords += count;
    }
  }
}

function connect(url: string, filters: string[]) {
  filters.forEach((filter, client) => {
    const unfiltered = filter === '';
    if (unfiltered) unfilteredClients++;
    const ws = new WebSocket(`${url}${filter ? `?${filter}` : ''}`, { perMessageDeflate: false });
    ws.on('message', (data: Buffer) => {
      const at = Date.now();
      messages++;
      bytes += data.length;
      queue.push([client, at, unfiltered, data]);
      if (!draining) {
        draining = true;
        setImmediate(drain);
      }
    });
    ws.on('error', (error) => {
      if (errors.length < 10) errors.push(`client ${client}: ${String(error)}`);
    });
    sockets.push(ws);
  });
}

process.on('message', (command: Command) => {
  switch (command.cmd) {
    case 'connect':
      connect(command.url, command.filters);
      send({ cmd: 'connected' });
      break;
    case 'reset':
      drain();
      histogram = new Uint32Array(MAX_MS + 1);
      records = unfilteredRecords = messages = bytes = snapshots = 0;
      since = Date.now();
      send({ cmd: 'reset' });
      break;
    case 'report': {
      drain();
      const report: LiveClientsReport = {
        histogram: Array.from(histogram),
        records,
        unfilteredRecords,
        unfilteredClients,
        messages,
        bytes,
        snapshots,
        snapshotAircraft,
        synced: synced.size,
        open: sockets.filter((s) => s.readyState === WebSocket.OPEN).length,
        errors,
        seconds: (Date.now() - since) / 1000,
      };
      send({ cmd: 'report', report });
      break;
    }
    case 'close':
      for (const s of sockets) s.terminate();
      process.disconnect?.();
      process.exit(0);
  }
});
send({ cmd: 'ready' });
