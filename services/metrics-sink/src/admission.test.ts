import { RejectedMessageError } from '@overfly/kafka';
import type { MetricsSnapshot } from '@overfly/schemas';
import { describe, expect, it } from 'vitest';
import { admit } from './admission.js';
import { DAY_MS } from './partitions.js';

const now = Date.parse('2026-12-04T13:00:00Z');
const policy = { retentionMs: 7 * DAY_MS, leadDays: 2 };
const snapshot = (overrides: Partial<MetricsSnapshot> = {}): MetricsSnapshot => ({
  service: 'api',
  instance: 'host-1',
  takenAt: now,
  samples: [],
  ...overrides,
});

function refusal(s: MetricsSnapshot): RejectedMessageError {
  try {
    admit(s, now, policy);
  } catch (error) {
    if (error instanceof RejectedMessageError) return error;
    throw error;
  }
  throw new Error('admitted');
}

describe('a snapshot read by the sink', () => {
  it('is stored when taken inside the retention, up to the end of the last day ahead', () => {
    expect(admit(snapshot(), now, policy)).toBe('store');
    expect(admit(snapshot({ takenAt: now - 7 * DAY_MS + 1 }), now, policy)).toBe('store');
    expect(admit(snapshot({ takenAt: Date.parse('2026-12-06T23:59:59.999Z') }), now, policy)).toBe(
      'store',
    );
  });

  it('is skipped, not refused, when taken before the retention cutoff', () => {
    expect(admit(snapshot({ takenAt: now - 7 * DAY_MS - 1 }), now, policy)).toBe('expired');
  });

  it('is refused when taken after the last partition ahead: a clock days off', () => {
    const error = refusal(snapshot({ takenAt: Date.parse('2026-12-07T00:00:00Z') }));
    expect(error.code).toBe('METRICS_SINK_SNAPSHOT_IN_FUTURE');
    expect(error.retriable).toBe(false);
    expect(error.message).toContain('2026-12-07T00:00:00.000Z');
  });

  it('is refused without a service or instance name, or with a time that is none', () => {
    expect(refusal(snapshot({ service: ' ' })).code).toBe('METRICS_SINK_SNAPSHOT_INVALID');
    expect(refusal(snapshot({ instance: '' })).code).toBe('METRICS_SINK_SNAPSHOT_INVALID');
    expect(refusal(snapshot({ takenAt: 9e15 })).code).toBe('METRICS_SINK_SNAPSHOT_INVALID');
  });
});
