import { createKafkaAdmin, type KafkaAdmin } from '@overfly/kafka';
import type { DoctorContext } from './types.js';

/** packages/kafka's admin, failing fast (one retry, short connects), closed with the check. */
export function doctorAdmin(ctx: DoctorContext): KafkaAdmin {
  const admin = createKafkaAdmin({
    brokers: ctx.brokers,
    clientId: 'overfly-doctor',
    connectionTimeoutMs: Math.min(3_000, ctx.timeoutMs),
    retries: 1,
  });
  ctx.onClose(() => admin.close());
  return admin;
}

/** What to do when the broker does not answer. */
export function brokerAdvice(ctx: DoctorContext): string {
  return `start Kafka with pnpm infra:up (pnpm infra:status shows what runs), or set KAFKA_BROKERS to your cluster (now ${ctx.brokers.join(',')})`;
}
