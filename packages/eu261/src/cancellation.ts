import { hm, utc } from './text.js';
import type { ReasoningStep, Rerouting } from './types.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Art. 5(1)(c): a cancellation owes compensation unless the passenger was informed
 *   (i)   at least two weeks before the scheduled departure; or
 *   (ii)  between two weeks and seven days before, and offered re-routing departing no more than
 *         two hours before the scheduled departure and reaching the final destination less than
 *         four hours after the scheduled arrival; or
 *   (iii) less than seven days before, and offered re-routing departing no more than one hour
 *         before and arriving less than two hours after.
 * Days are whole 24-hour periods before the scheduled departure: exactly 14 days is (i), exactly
 * 7 days is (ii). "No more than" includes its edge (a re-routing leaving exactly 2 h early
 * passes (ii)); "less than" does not (arriving exactly 4 h late fails (ii)). The carrier bears
 * the burden of proving when the passenger was informed (Art. 5(4)): no notice on record is
 * taken as none given before the day.
 */
const WINDOWS = [
  { name: '(i)', atLeastMs: 14 * DAY_MS, earlierMs: null, laterMs: null },
  { name: '(ii)', atLeastMs: 7 * DAY_MS, earlierMs: 2 * HOUR_MS, laterMs: 4 * HOUR_MS },
  {
    name: '(iii)',
    atLeastMs: Number.NEGATIVE_INFINITY,
    earlierMs: 1 * HOUR_MS,
    laterMs: 2 * HOUR_MS,
  },
] as const;

export interface CancellationFacts {
  /** The cancelled leg's scheduled departure, the time the notice and the re-routing's departure are measured from. */
  scheduledDeparture: number;
  /** Scheduled arrival at the final destination of the original booking. */
  scheduledArrival: number;
  noticeAt: number | null;
  rerouting: Rerouting | null;
}

export interface CancellationRuling {
  /** Compensation is owed under Art. 5(1)(c) (before Art. 5(3) is looked at). */
  owed: boolean;
  step: ReasoningStep;
}

export function cancellationRuling(facts: CancellationFacts): CancellationRuling {
  const { scheduledDeparture, scheduledArrival, noticeAt, rerouting } = facts;
  const leadMs = noticeAt === null ? null : scheduledDeparture - noticeAt;
  const window = WINDOWS.find((w) => leadMs !== null && leadMs >= w.atLeastMs) ?? WINDOWS[2];
  const basis = [`Art. 5(1)(c)${window.name}`, ...(noticeAt === null ? ['Art. 5(4)'] : [])];
  const informed =
    leadMs === null
      ? 'No notice of the cancellation is on record, and the carrier bears the burden of proving it (Art. 5(4)): taken as informed less than seven days before'
      : `Informed ${utc(noticeAt as number)}, ${hm(leadMs)} (${(leadMs / DAY_MS).toFixed(2)} days) before the scheduled departure ${utc(scheduledDeparture)}`;
  if (window.earlierMs === null)
    return {
      owed: false,
      step: {
        topic: 'CANCELLATION',
        basis,
        text: `${informed}: at least two weeks before, so no compensation is owed.`,
      },
    };
  const limits = `departing no more than ${hm(window.earlierMs)} before the scheduled departure and arriving less than ${hm(window.laterMs)} after the scheduled arrival ${utc(scheduledArrival)}`;
  if (!rerouting)
    return {
      owed: true,
      step: {
        topic: 'CANCELLATION',
        basis,
        text: `${informed}, and no re-routing ${limits} was offered: compensation is owed.`,
      },
    };
  const earlyMs = scheduledDeparture - rerouting.departure;
  const lateMs = rerouting.arrival - scheduledArrival;
  const departsInTime = earlyMs <= window.earlierMs;
  const arrivesInTime = lateMs < window.laterMs;
  const offered = `The re-routing offered${rerouting.flightNumber ? ` (${rerouting.flightNumber})` : ''} departs ${utc(rerouting.departure)}, ${earlyMs > 0 ? `${hm(earlyMs)} before` : `${hm(-earlyMs)} after`} the scheduled departure, and arrives ${utc(rerouting.arrival)}, ${hm(lateMs)} after the scheduled arrival`;
  if (departsInTime && arrivesInTime)
    return {
      owed: false,
      step: {
        topic: 'CANCELLATION',
        basis,
        text: `${informed}. ${offered}: within ${limits}, so no compensation is owed.`,
      },
    };
  const missed = [
    ...(departsInTime ? [] : [`it departs more than ${hm(window.earlierMs)} early`]),
    ...(arrivesInTime ? [] : [`it arrives ${hm(window.laterMs)} or more late`]),
  ].join(' and ');
  return {
    owed: true,
    step: {
      topic: 'CANCELLATION',
      basis,
      text: `${informed}. ${offered}: ${missed}, outside the limits of ${window.name} (${limits}), so compensation is owed.`,
    },
  };
}
