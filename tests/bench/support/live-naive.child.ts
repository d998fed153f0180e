/**
 * bench:api's live baseline, in its own process: the naive fan-out. Raw kafkajs reads
 * `<TOPIC_PREFIX>flights.state` from the beginning (Avro decoded by
 * @kafkajs/confluent-schema-registry), keeps the newest state per aircraft, and at
 * LIVE_HZ, for every client, filters what changed since the last tick and sends it with its
 * own JSON.stringify: no filter groups, no shared serialisation, no slow-client handling.
 * Same protocol and records as the api (snapshot on connect, then deltas), the same filter
 * semantics (the api's parseFilter/matcherFor), on API_PORT under /v1/live.
 * GET /ready answers 200 once the consumer has read every partition to the end it had at
 * start.
 */
import { createServer } from 'node:http';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { AircraftState } from '@overfly/schemas';
import kafkajs from 'kafkajs';
import { WebSocketServer } from 'ws';
import type { AircraftEntry } from '../../../services/api/src/live/aircraft-table.js';
import { liveAircraftOf } from '../../../services/api/src/live/encode.js';
import { matcherFor, parseFilter } from '../../../services/api/src/live/filters.js';

const env = (name: string) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const topic = `${env('TOPIC_PREFIX')}flights.state`;
const hz = Number(env('LIVE_HZ'));
const port = Number(env('API_PORT'));

const registry = new SchemaRegistry({ host: env('SCHEMA_REGISTRY_URL').replace(/\/+$/, '') });
const kafka = new kafkajs.Kafka({
  clientId: 'bench-live-naive',
  brokers: env('KAFKA_BROKERS').split(','),
  logLevel: kafkajs.logLevel.NOTHING,
});

const held = new Map<string, AircraftEntry>();
let changed = new Map<string, AircraftEntry>();
let removed = new Set<string>();

interface Client {
  ws: import('ws').WebSocket;
  matches: (entry: AircraftEntry) => boolean;
}
const clients = new Set<Client>();

const admin = kafka.admin();
await admin.connect();
const ends = new Map(
  (await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]),
);
await admin.disconnect();
const next = new Map<number, bigint>();
let caughtUp = false;
const checkCaughtUp = () => {
  if (caughtUp) return;
  for (const [partition, end] of ends) if ((next.get(partition) ?? 0n) < end) return;
  caughtUp = true;
};
checkCaughtUp();

const consumer = kafka.consumer({
  groupId: `${topic}-naive-${Date.now()}`,
  maxWaitTimeInMs: 50,
  maxBytesPerPartition: 4 * 1024 * 1024,
});
await consumer.connect();
await consumer.subscribe({ topic, fromBeginning: true });
await consumer.run({
  eachBatch: async ({ batch, resolveOffset }) => {
    for (const m of batch.messages) {
      const key = m.key?.toString() ?? '';
      if (m.value === null) {
        held.delete(key);
        changed.delete(key);
        removed.add(key);
      } else {
        const state = (await registry.decode(m.value)) as AircraftState;
        const entry: AircraftEntry = { state };
        held.set(state.icao24, entry);
        changed.set(state.icao24, entry);
        removed.delete(state.icao24);
      }
      resolveOffset(m.offset);
      next.set(batch.partition, BigInt(m.offset) + 1n);
    }
    checkCaughtUp();
  },
});

const server = createServer((request, response) => {
  if (request.url === '/ready') {
    response.writeHead(caughtUp ? 200 : 503).end(caughtUp ? 'ready' : 'catching up');
    return;
  }
  response.writeHead(404).end();
});
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
server.on('upgrade', (request, socket, head) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const parsed = parseFilter(Object.fromEntries(url.searchParams), null);
  if (url.pathname !== '/v1/live' || !parsed.ok) {
    socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    return;
  }
  wss.handleUpgrade(request, socket, head, (ws) => {
    const client: Client = { ws, matches: matcherFor(parsed.filter, null) };
    const aircraft = [...held.values()].filter(client.matches).map(liveAircraftOf);
    ws.send(JSON.stringify({ type: 'snapshot', t: Date.now(), aircraft }));
    clients.add(client);
    ws.on('close', () => clients.delete(client));
  });
});

setInterval(() => {
  const t = Date.now();
  const entries = [...changed.values()];
  const gone = [...removed];
  changed = new Map();
  removed = new Set();
  if (entries.length === 0 && gone.length === 0) return;
  for (const client of clients) {
    const mine = entries.filter(client.matches).map(liveAircraftOf);
    if (mine.length === 0 && gone.length === 0) continue;
    client.ws.send(JSON.stringify({ type: 'delta', t, changed: mine, removed: gone }));
  }
}, 1000 / hz);

server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => {
  for (const c of clients) c.ws.terminate();
  server.close();
  consumer
    .disconnect()
    .catch(() => undefined)
    .finally(() => process.exit(0));
});
