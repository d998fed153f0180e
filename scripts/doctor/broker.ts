import { topicSpecs } from '@overfly/kafka';
import { brokerAdvice, doctorAdmin } from './kafka-admin.js';
import type { Check, Finding } from './types.js';

/** The cluster as one line: id, broker count, controller; fails without a controller. */
export function clusterFinding(
  brokers: string[],
  cluster: { clusterId: string; brokers: number; controller: number | null },
  catalogueReplication: number,
): Finding {
  const subject = brokers.join(',');
  const count = `${cluster.brokers} broker${cluster.brokers === 1 ? '' : 's'}`;
  if (cluster.brokers === 0 || cluster.controller === null || cluster.controller < 0) {
    return {
      status: 'fail',
      subject,
      detail: `cluster ${cluster.clusterId} answers with ${count} and no active controller`,
      advice:
        'look at the broker log (.overfly/infra/kafka/kafka.log), then restart it: pnpm infra:down kafka && pnpm infra:up',
    };
  }
  const clamped =
    cluster.brokers < catalogueReplication
      ? ` (replication clamped to ${cluster.brokers}; the catalogue's ${catalogueReplication} is for production)`
      : '';
  return {
    status: 'pass',
    subject,
    detail: `cluster ${cluster.clusterId}, ${count}${clamped}, controller ${cluster.controller}`,
  };
}

export const brokerCheck: Check = {
  name: 'broker',
  title: 'Kafka broker',
  target: (ctx) => ctx.brokers.join(','),
  advice: brokerAdvice,
  async run(ctx) {
    const cluster = await doctorAdmin(ctx).describeCluster();
    const replication = Math.max(1, ...topicSpecs().map((t) => t.replicationFactor));
    return [clusterFinding(ctx.brokers, cluster, replication)];
  },
};
