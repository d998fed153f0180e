import { type TopicSpec, topicSpecs } from '@overfly/kafka';
import { brokerAdvice, doctorAdmin } from './kafka-admin.js';
import type { Check, Finding } from './types.js';

/** A topic as the broker describes it. */
export interface ActualTopic {
  partitions: number;
  cleanupPolicy: string | null;
  retentionMs: string | null;
}

export interface TopicDifference {
  setting: 'partitions' | 'cleanup.policy' | 'retention.ms';
  declared: string;
  actual: string;
}

/** Where a topic differs from its catalogue entry (schemas/topics.json). */
export function compareTopic(
  spec: Pick<TopicSpec, 'partitions' | 'cleanupPolicy' | 'retentionMs'>,
  actual: ActualTopic,
): TopicDifference[] {
  const differences: TopicDifference[] = [];
  const compare = (setting: TopicDifference['setting'], declared: string, got: string | null) => {
    if (got !== declared) differences.push({ setting, declared, actual: got ?? 'unknown' });
  };
  compare('partitions', String(spec.partitions), String(actual.partitions));
  compare('cleanup.policy', spec.cleanupPolicy, actual.cleanupPolicy);
  compare('retention.ms', String(spec.retentionMs), actual.retentionMs);
  return differences;
}

/** The advice for one difference: partitions are an operator's decision, configs can be altered. */
function differenceAdvice(topic: string, first: TopicDifference, bootstrap: string): string {
  if (first.setting === 'partitions') {
    return `changing partitions moves keys (README, Contracts): delete ${topic} and run pnpm provision if its data may go, or change schemas/topics.json`;
  }
  return `set it as declared: kafka-configs.sh --bootstrap-server ${bootstrap} --alter --entity-type topics --entity-name ${topic} --add-config ${first.setting}=${first.declared}`;
}

/** The catalogue's topics as lines: one for all that match, one per missing set and per topic that differs. */
export function topicFindings(
  specs: readonly Pick<TopicSpec, 'name' | 'partitions' | 'cleanupPolicy' | 'retentionMs'>[],
  actual: ReadonlyMap<string, ActualTopic>,
  prefix: string,
  bootstrap = '<broker>',
): Finding[] {
  const findings: Finding[] = [];
  const missing = specs.filter((s) => !actual.has(prefix + s.name));
  let good = 0;
  for (const spec of specs) {
    const found = actual.get(prefix + spec.name);
    if (!found) continue;
    const differences = compareTopic(spec, found);
    if (differences.length === 0) {
      good++;
      continue;
    }
    findings.push({
      status: 'fail',
      subject: prefix + spec.name,
      detail: differences
        .map((d) => `${d.setting} is ${d.actual}, declared ${d.declared}`)
        .join('; '),
      advice: differenceAdvice(prefix + spec.name, differences[0]!, bootstrap),
    });
  }
  if (missing.length > 0) {
    const withPrefix = prefix ? ` (TOPIC_PREFIX=${prefix})` : '';
    findings.unshift({
      status: 'fail',
      subject: 'missing',
      detail:
        missing.length === specs.length
          ? `none of the catalogue's ${specs.length} topics exists${withPrefix}`
          : `${missing.map((s) => prefix + s.name).join(', ')}`,
      advice: `run pnpm provision${prefix ? ` with TOPIC_PREFIX=${prefix}` : ''}`,
    });
  }
  if (good > 0) {
    findings.unshift({
      status: 'pass',
      subject: 'topics',
      detail: `${good} of ${specs.length} as declared (partitions, cleanup.policy, retention.ms)`,
    });
  }
  return findings;
}

export const topicsCheck: Check = {
  name: 'topics',
  title: 'Topics',
  target: (ctx) => ctx.brokers.join(','),
  needs: 'broker',
  advice: brokerAdvice,
  async run(ctx) {
    const admin = doctorAdmin(ctx);
    const specs = topicSpecs();
    const existing = new Set(await admin.listTopics());
    const present = specs.map((s) => ctx.topicPrefix + s.name).filter((n) => existing.has(n));
    const described = await admin.describeTopics(present);
    return topicFindings(
      specs,
      new Map(described.map((t) => [t.name, t])),
      ctx.topicPrefix,
      ctx.brokers.join(','),
    );
  },
};
