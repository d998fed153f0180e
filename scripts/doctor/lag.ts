import { grouped } from './format.js';
import { brokerAdvice, doctorAdmin } from './kafka-admin.js';
import type { ServiceGroup } from './services.js';
import type { Check, Finding } from './types.js';

/** A partition's first and next-to-write offsets, as packages/kafka's topicOffsets gives them. */
export interface EndOffsets {
  partition: number;
  low: string;
  high: string;
}

/**
 * Records the group has not committed yet on one topic: per partition the end offset less
 * the committed one (from the first offset still there when it committed none, or when its
 * commit is older than what retention kept), never below 0; summed.
 */
export function topicLag(
  ends: readonly EndOffsets[],
  committed: ReadonlyMap<number, string>,
): bigint {
  let total = 0n;
  for (const p of ends) {
    const low = BigInt(p.low);
    const at = committed.has(p.partition) ? BigInt(committed.get(p.partition)!) : low;
    const from = at < low ? low : at;
    const high = BigInt(p.high);
    if (high > from) total += high - from;
  }
  return total;
}

/** One group as a line: ✓ within --max-lag, ✗ above it, ! when it never committed. */
export function lagFinding(
  group: ServiceGroup & { physicalGroup: string },
  lags: ReadonlyArray<{ topic: string; lag: bigint }>,
  maxLag: number,
  prefix: string,
): Finding {
  const subject = `${group.physicalGroup} (${group.service})`;
  if (lags.length === 0) {
    return { status: 'warn', subject, detail: 'not started (no committed offsets)' };
  }
  const name = (topic: string) =>
    prefix && topic.startsWith(prefix) ? topic.slice(prefix.length) : topic;
  const behind = lags.filter((l) => l.lag > BigInt(maxLag));
  const list = (some: typeof lags) =>
    some.map((l) => `${name(l.topic)} ${grouped(l.lag)}`).join(', ');
  if (behind.length === 0) {
    if (lags.length <= 3) return { status: 'pass', subject, detail: `lag ${list(lags)}` };
    const most = lags.reduce((a, b) => (b.lag > a.lag ? b : a));
    return {
      status: 'pass',
      subject,
      detail: `${lags.length} topics, lag at most ${grouped(most.lag)} (${name(most.topic)})`,
    };
  }
  return {
    status: 'fail',
    subject,
    detail: `lag ${list(behind)}: above --max-lag ${grouped(maxLag)}`,
    advice: `check that ${group.service} runs and keeps up: pnpm demo:status, and its log in .overfly/logs/`,
  };
}

export const lagCheck: Check = {
  name: 'lag',
  title: 'Consumer lag',
  target: (ctx) => ctx.brokers.join(','),
  needs: 'broker',
  advice: brokerAdvice,
  async run(ctx) {
    const admin = doctorAdmin(ctx);
    const existing = new Set(await admin.listTopics());
    // One group after another would add up round trips; the groups are independent.
    return Promise.all(
      ctx.services.groups.map(async (group): Promise<Finding> => {
        // As tests and isolated environments name them: the prefix, then the default.
        const physicalGroup = ctx.topicPrefix + group.groupId;
        const committed = await admin.groupOffsets(physicalGroup);
        const lags: Array<{ topic: string; lag: bigint }> = [];
        for (const [topic, offsets] of [...committed].sort(([a], [b]) => a.localeCompare(b))) {
          // Offsets left behind on a topic since deleted say nothing about lag.
          if (!existing.has(topic)) continue;
          lags.push({ topic, lag: topicLag(await admin.topicOffsets(topic), offsets) });
        }
        return lagFinding({ ...group, physicalGroup }, lags, ctx.maxLag, ctx.topicPrefix);
      }),
    );
  },
};
