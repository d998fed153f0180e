import type { FirLayer } from '@overfly/geo';
import type { AircraftEntry, AircraftTable } from './aircraft-table.js';
import { encodeDelta, encodeError, encodeSnapshot, type Frame, type LiveFormat } from './encode.js';
import { type FieldError, type LiveFilter, matcherFor } from './filters.js';

/** What the hub needs of a WebSocket (a `ws` socket has both). */
export interface LiveSocket {
  /** Bytes queued on the server side and not yet handed to the network. */
  readonly bufferedAmount: number;
  send(data: Buffer, options: { binary: boolean }): void;
}

type FrameKind = 'snapshot' | 'delta' | 'catch-up' | 'filter-change' | 'error';

/** Metric hooks; all optional, called synchronously from the tick (keep them cheap). */
export interface LiveObserver {
  clients?(count: number): void;
  tick?(info: { durationMs: number; changed: number; removed: number; groups: number }): void;
  /** One frame encoded (shared by every client of its group that gets it). */
  serialised?(kind: FrameKind, format: LiveFormat, bytes: number): void;
  /** One frame handed to one client's socket. */
  sent?(kind: FrameKind, bytes: number): void;
  /** A client passed over this tick because its socket had too much queued. */
  skipped?(): void;
}

export interface LiveHubOptions {
  table: AircraftTable;
  /** Ticks per second, 2 to 5. */
  hz: number;
  /** The FIR layer FIR filters use; null or absent: no FIR filter. */
  firs?: FirLayer | null;
  /**
   * A client whose socket has more than this queued gets nothing until it drains (then
   * one catch-up). The most a client can have queued is this plus one message. 1 MiB.
   */
  maxBufferedBytes?: number;
  /**
   * How many seconds of removals each filter group keeps so that a client that fell behind
   * gets a catch-up delta; further behind, it gets a fresh snapshot. 10 s.
   */
  catchUpSeconds?: number;
  now?: () => number;
  observer?: LiveObserver;
}

interface LiveClient {
  /** Changes the filter; from the next tick the client gets what the new one shows. */
  setFilter(filter: ParsedFilterOk): void;
  /** Tells the client a filter message was refused (its filter stays). */
  refuse(title: string, errors: FieldError[]): void;
  /** Forgets the client (its socket closed). */
  close(): void;
  /** Ticks since the last one this client is up to date with (null: no snapshot yet). */
  readonly behindTicks: number | null;
  /** Aircraft ids the hub holds for this client alone (only while a filter change is pending). */
  readonly heldIds: number;
}

export interface ParsedFilterOk {
  filter: LiveFilter;
  key: string;
}

interface LiveHubStats {
  tick: number;
  clients: number;
  groups: number;
  /** Sum over groups of the aircraft each shows. */
  visible: number;
  /** Sum over groups of the removals kept for catch-up deltas. */
  retainedRemovals: number;
}

export interface LiveHub {
  readonly hz: number;
  connect(socket: LiveSocket, format: LiveFormat, filter: ParsedFilterOk): LiveClient;
  /** One tick now (the timer calls it; tests call it directly). */
  tick(): void;
  start(): void;
  stop(): void;
  stats(): LiveHubStats;
}

/** Where a client stands relative to its group's stream. */
type Sync =
  | { kind: 'new' }
  | { kind: 'at'; tick: number }
  /** Moved to another group: it holds these ids, each to be removed unless still shown. */
  | { kind: 'switch'; held: Set<string> };

interface Client {
  socket: LiveSocket;
  format: LiveFormat;
  group: Group;
  sync: Sync;
  closed: boolean;
}

interface Group {
  key: string;
  matches: (entry: AircraftEntry) => boolean;
  /** icao24 → tick at which it last changed while shown. */
  visible: Map<string, number>;
  /** icao24 → tick at which it left (insertion order = tick order, for pruning). */
  departed: Map<string, number>;
  clients: Set<Client>;
  /** Created since the last tick: its visible set is still to be computed from the table. */
  fresh: boolean;
  delta: { changed: AircraftEntry[]; removed: string[] };
  /** This tick's encoded frames, by kind, format and starting tick. */
  frames: Map<string, Frame>;
}

export function validateHz(hz: number): number {
  if (!Number.isFinite(hz) || hz < 2 || hz > 5)
    throw new RangeError(`the live stream rate must be 2 to 5 Hz, got ${hz}`);
  return hz;
}

/**
 * The live stream's engine: every tick it takes what changed in the table once, brings
 * each filter group (clients with equal filters) up to date once, encodes each group's
 * message once per format, and hands the same Buffer to each of its clients. A client
 * with a full socket is passed over; when it drains it gets one catch-up computed from
 * the group's state, so it never holds more than the latest state and a bounded queue.
 */
export function createLiveHub(options: LiveHubOptions): LiveHub {
  const hz = validateHz(options.hz);
  const { table, observer } = options;
  const firs = options.firs ?? null;
  const now = options.now ?? Date.now;
  const maxBuffered = options.maxBufferedBytes ?? 1024 * 1024;
  const window = Math.max(1, Math.ceil((options.catchUpSeconds ?? 10) * hz));
  const groups = new Map<string, Group>();
  const clients = new Set<Client>();
  let tickNo = 0;
  let timer: NodeJS.Timeout | undefined;

  const groupFor = (parsed: ParsedFilterOk): Group => {
    let group = groups.get(parsed.key);
    if (!group) {
      group = {
        key: parsed.key,
        matches: matcherFor(parsed.filter, firs),
        visible: new Map(),
        departed: new Map(),
        clients: new Set(),
        fresh: true,
        delta: { changed: [], removed: [] },
        frames: new Map(),
      };
      groups.set(parsed.key, group);
    }
    return group;
  };

  const leave = (client: Client) => {
    const group = client.group;
    group.clients.delete(client);
    if (group.clients.size === 0) groups.delete(group.key);
  };

  const depart = (group: Group, icao24: string, tick: number) => {
    if (!group.visible.delete(icao24)) return false;
    group.departed.delete(icao24);
    group.departed.set(icao24, tick);
    return true;
  };

  const update = (group: Group, changed: AircraftEntry[], removed: string[], tick: number) => {
    group.frames = new Map();
    const delta: Group['delta'] = { changed: [], removed: [] };
    group.delta = delta;
    if (group.fresh) {
      group.fresh = false;
      for (const entry of table.entries()) {
        if (group.matches(entry)) group.visible.set(entry.state.icao24, tick);
      }
      return;
    }
    for (const entry of changed) {
      const id = entry.state.icao24;
      if (group.matches(entry)) {
        group.visible.set(id, tick);
        group.departed.delete(id);
        delta.changed.push(entry);
      } else if (depart(group, id, tick)) delta.removed.push(id);
    }
    for (const id of removed) if (depart(group, id, tick)) delta.removed.push(id);
    // Removals older than the window can no longer be asked for: a client further behind
    // gets a snapshot.
    for (const [id, at] of group.departed) {
      if (at > tick - window) break;
      group.departed.delete(id);
    }
  };

  const shown = (group: Group, since: number): AircraftEntry[] => {
    const out: AircraftEntry[] = [];
    for (const [id, at] of group.visible) {
      if (at <= since) continue;
      const entry = table.get(id);
      if (entry) out.push(entry);
    }
    return out;
  };

  /** A group's frame for this tick, encoded at most once per kind, format and start. */
  const frameOf = (
    group: Group,
    kind: FrameKind,
    format: LiveFormat,
    from: number,
    build: () => Frame,
  ): Frame => {
    const cacheKey = `${kind}:${format}:${from}`;
    let frame = group.frames.get(cacheKey);
    if (!frame) {
      frame = build();
      group.frames.set(cacheKey, frame);
      observer?.serialised?.(kind, format, frame.data.length);
    }
    return frame;
  };

  const send = (client: Client, kind: FrameKind, frame: Frame) => {
    try {
      client.socket.send(frame.data, { binary: frame.binary });
      observer?.sent?.(kind, frame.data.length);
    } catch {
      // A socket closing under us: its close event removes the client.
    }
  };

  const serve = (client: Client, tick: number, t: number) => {
    const { group, format, sync } = client;
    if (client.socket.bufferedAmount > maxBuffered) {
      observer?.skipped?.();
      return;
    }
    const snapshot = () =>
      frameOf(group, 'snapshot', format, 0, () => encodeSnapshot(format, t, shown(group, -1)));
    if (sync.kind === 'new' || (sync.kind === 'at' && sync.tick < tick - window)) {
      send(client, 'snapshot', snapshot());
    } else if (sync.kind === 'switch') {
      const removed = [...sync.held].filter((id) => !group.visible.has(id));
      // Its own message: what it held is its own.
      const frame = encodeDelta(format, t, shown(group, -1), removed);
      observer?.serialised?.('filter-change', format, frame.data.length);
      send(client, 'filter-change', frame);
    } else if (sync.tick === tick - 1) {
      const { changed, removed } = group.delta;
      if (changed.length > 0 || removed.length > 0)
        send(
          client,
          'delta',
          frameOf(group, 'delta', format, sync.tick, () =>
            encodeDelta(format, t, changed, removed),
          ),
        );
    } else {
      const from = sync.tick;
      const changed = shown(group, from);
      const removed: string[] = [];
      for (const [id, at] of group.departed) if (at > from) removed.push(id);
      if (changed.length > 0 || removed.length > 0)
        send(
          client,
          'catch-up',
          frameOf(group, 'catch-up', format, from, () => encodeDelta(format, t, changed, removed)),
        );
    }
    client.sync = { kind: 'at', tick };
  };

  const tick = () => {
    const started = performance.now();
    const t = now();
    tickNo++;
    const { changed, removed } = table.drain();
    for (const group of groups.values()) update(group, changed, removed, tickNo);
    for (const client of clients) serve(client, tickNo, t);
    observer?.tick?.({
      durationMs: performance.now() - started,
      changed: changed.length,
      removed: removed.length,
      groups: groups.size,
    });
  };

  return {
    hz,
    connect(socket, format, filter) {
      const client: Client = {
        socket,
        format,
        group: groupFor(filter),
        sync: { kind: 'new' },
        closed: false,
      };
      client.group.clients.add(client);
      clients.add(client);
      observer?.clients?.(clients.size);
      return {
        setFilter(next) {
          if (client.closed || next.key === client.group.key) return;
          const old = client.group;
          const sync = client.sync;
          if (sync.kind === 'at' && sync.tick >= tickNo - window) {
            // What the client may hold: what its group shows, and what left since it was
            // last up to date (a removal it has not been sent yet).
            const held = new Set(old.visible.keys());
            for (const [id, at] of old.departed) if (at > sync.tick) held.add(id);
            client.sync = { kind: 'switch', held };
          } else if (sync.kind === 'at') {
            client.sync = { kind: 'new' };
          }
          // 'new' stays new; 'switch' keeps what it held before the first change.
          leave(client);
          client.group = groupFor(next);
          client.group.clients.add(client);
        },
        refuse(title, errors) {
          if (!client.closed) send(client, 'error', encodeError(format, title, errors));
        },
        close() {
          if (client.closed) return;
          client.closed = true;
          leave(client);
          clients.delete(client);
          observer?.clients?.(clients.size);
        },
        get behindTicks() {
          return client.sync.kind === 'at' ? tickNo - client.sync.tick : null;
        },
        get heldIds() {
          return client.sync.kind === 'switch' ? client.sync.held.size : 0;
        },
      };
    },
    tick,
    start() {
      if (timer) return;
      timer = setInterval(tick, 1000 / hz);
      // The server keeps the process alive; the tick alone must not.
      timer.unref();
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
    },
    stats() {
      let visible = 0;
      let retainedRemovals = 0;
      for (const g of groups.values()) {
        visible += g.visible.size;
        retainedRemovals += g.departed.size;
      }
      return {
        tick: tickNo,
        clients: clients.size,
        groups: groups.size,
        visible,
        retainedRemovals,
      };
    },
  };
}
