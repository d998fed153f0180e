import { RejectedMessageError } from '@overfly/kafka';
import type { MetricsSnapshot } from '@overfly/schemas';
import { metricsSinkErrors } from './errors.js';
import { DAY_MS, dayStart, retentionCutoff } from './partitions.js';

export interface AdmissionPolicy {
  retentionMs: number;
  leadDays: number;
}

/**
 * What becomes of a snapshot read at `now`: stored; skipped as expired (taken before the
 * retention cutoff: its day is dropped, or about to be, and must not be created again); or
 * refused for good (thrown as a RejectedMessageError: the consumer loop dead-letters it).
 */
export function admit(
  snapshot: MetricsSnapshot,
  now: number,
  policy: AdmissionPolicy,
): 'store' | 'expired' {
  if (snapshot.service.trim() === '' || snapshot.instance.trim() === '')
    throw new RejectedMessageError(
      metricsSinkErrors.codes.SNAPSHOT_INVALID,
      `a snapshot needs a service and an instance name (service '${snapshot.service}', instance '${snapshot.instance}')`,
    );
  if (!Number.isSafeInteger(snapshot.takenAt) || Number.isNaN(new Date(snapshot.takenAt).getTime()))
    throw new RejectedMessageError(
      metricsSinkErrors.codes.SNAPSHOT_INVALID,
      `${snapshot.service}/${snapshot.instance}: takenAt ${snapshot.takenAt} is not a time`,
    );
  // The last partition created ahead ends here: anything later is a clock days off.
  const horizon = dayStart(now) + (policy.leadDays + 1) * DAY_MS;
  if (snapshot.takenAt >= horizon)
    throw new RejectedMessageError(
      metricsSinkErrors.codes.SNAPSHOT_IN_FUTURE,
      `${snapshot.service}/${snapshot.instance}: taken at ${new Date(snapshot.takenAt).toISOString()}, after the last partition (${new Date(horizon).toISOString()})`,
    );
  if (snapshot.takenAt < retentionCutoff(now, policy.retentionMs)) return 'expired';
  return 'store';
}
