/**
 * pnpm overfly notifications list [--status S] [--channel C] [--limit N]
 * pnpm overfly notifications retry <notificationId...> | --all-dead-lettered
 *
 * What an operator asks of the notifier's ledger: which deliveries are where (JSON lines,
 * newest first, never an address or a message), and — `retry` — send dead-lettered ones
 * again once the cause is fixed (a subscriber's endpoint back, credentials renewed): they go
 * back to PENDING with their attempts reset and the running notifier sends them, with the
 * same idempotency key. Safe beside the running service.
 */
import { parseArgs } from 'node:util';
import { createPool } from '@overfly/db';
import { loadNotifierConfig } from '../config.js';
import type { Channel, DeliveryStatus } from '../ledger/delivery.js';
import { listDeliveries, retryDeadLettered } from '../ledger/operations.js';

const STATUSES: readonly DeliveryStatus[] = [
  'PENDING',
  'SENDING',
  'SENT',
  'DELIVERED',
  'FAILED',
  'DEAD_LETTERED',
  'SUPPRESSED',
];
const CHANNELS: readonly Channel[] = ['EMAIL', 'SMS', 'WEBHOOK'];

const usage =
  'usage: pnpm overfly notifications list [--status S] [--channel EMAIL|SMS|WEBHOOK] [--limit N] | pnpm overfly notifications retry <notificationId...> | --all-dead-lettered';

export async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      status: { type: 'string' },
      channel: { type: 'string' },
      limit: { type: 'string', default: '50' },
      'all-dead-lettered': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const [command, ...ids] = positionals;
  if (values.help || (command !== 'list' && command !== 'retry')) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  const status = values.status?.toUpperCase() as DeliveryStatus | undefined;
  if (status !== undefined && !STATUSES.includes(status)) {
    console.error(`--status: one of ${STATUSES.join(', ')}, got ${values.status}`);
    return 2;
  }
  const channel = values.channel?.toUpperCase() as Channel | undefined;
  if (channel !== undefined && !CHANNELS.includes(channel)) {
    console.error(`--channel: one of ${CHANNELS.join(', ')}, got ${values.channel}`);
    return 2;
  }
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit <= 0) {
    console.error(`--limit: expected a positive whole number, got ${values.limit}`);
    return 2;
  }
  if (command === 'retry' && ids.length === 0 && !values['all-dead-lettered']) {
    console.error('retry: name the notification ids, or --all-dead-lettered');
    return 2;
  }
  const config = loadNotifierConfig();
  const pool = createPool({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, max: 2 });
  try {
    if (command === 'retry') {
      const taken = await retryDeadLettered(
        pool,
        values['all-dead-lettered'] ? 'all' : ids,
        Date.now(),
      );
      const missed = values['all-dead-lettered'] ? [] : ids.filter((id) => !taken.includes(id));
      console.log(JSON.stringify({ retried: taken, notDeadLettered: missed }));
      return missed.length > 0 ? 1 : 0;
    }
    const filter = { ...(status ? { status } : {}), ...(channel ? { channel } : {}) };
    for (const line of await listDeliveries(pool, filter, limit))
      console.log(JSON.stringify({ ...line, updatedAt: new Date(line.updatedAt).toISOString() }));
    return 0;
  } finally {
    await pool.end();
  }
}
