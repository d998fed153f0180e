import type { Pool } from '@overfly/db';
import { type KafkaRuntime, silentLogger } from '@overfly/kafka';
import { type InvoiceWriter, startInvoiceWriter } from '../writer.js';

/**
 * An in-process writer on a test's isolated topics (`isolatedRuntime`), in the group
 * `<prefix>invoice-writer`: a second one started after the first stopped is a restart.
 */
export function startTestWriter(
  env: { prefix: string; open: (service: string) => KafkaRuntime },
  pool: Pool,
): Promise<InvoiceWriter> {
  return startInvoiceWriter({
    runtime: env.open('invoice-writer'),
    pool,
    groupId: `${env.prefix}invoice-writer`,
    physicalTopic: `${env.prefix}charges.calculated`,
    logger: silentLogger,
    // The broker's minimum: a member that is gone gives its partitions away after 6 s.
    sessionTimeoutMs: 6_000,
  });
}
