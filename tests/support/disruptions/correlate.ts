// The correlator's pure engine over a scenario's inputs, one channel per topic, every record
// delivered in event time (as the four feeds publish them), every channel idle at the end so
// the last windows close: the disruptions it published, each in its final state.
import type { DisruptionType } from '@overfly/schemas';
import type { DisruptionOutput } from '../../../services/disruption-correlator/src/engine/finding.js';
import { eventTimeOfRecord } from '../../../services/disruption-correlator/src/test-support/day.js';
import { Harness } from '../../../services/disruption-correlator/src/test-support/harness.js';
import type { InputRecord } from './inputs.js';

/** One disruption over its whole life: its last publication's word, its whole extent. */
export interface FoundDisruption {
  disruptionId: string;
  type: DisruptionType;
  severity: string;
  airportIcao: string | null;
  operatorIcao: string | null;
  /** Every leg any publication of it listed. */
  scheduleIds: Set<string>;
  /**
   * From the first publication's window start to the RESOLVED one's window end; one still
   * open when the inputs end lasts to the last evaluation.
   */
  windowStart: number;
  windowEnd: number;
  summary: string;
  resolved: boolean;
}

const TOPICS = ['flight.events', 'flight.schedules', 'external.weather', 'passenger.manifests'];

/**
 * Folds publications (each disruption's in the order they were published: the engine's, or
 * one disruption.events partition's) into one FoundDisruption per disruptionId.
 */
export class DisruptionFold {
  private readonly found = new Map<string, FoundDisruption>();

  add(p: DisruptionOutput): void {
    const known = this.found.get(p.disruptionId);
    const legs = p.affectedFlights.map((f) => f.scheduleId);
    if (!known) {
      this.found.set(p.disruptionId, {
        disruptionId: p.disruptionId,
        type: p.type,
        severity: p.severity,
        airportIcao: p.airportIcao,
        operatorIcao: p.operatorIcao,
        scheduleIds: new Set(legs),
        windowStart: p.windowStart,
        windowEnd: p.windowEnd,
        summary: p.summary,
        resolved: p.lifecycle === 'RESOLVED',
      });
      return;
    }
    for (const id of legs) known.scheduleIds.add(id);
    known.severity = p.severity;
    known.summary = p.summary;
    known.resolved = p.lifecycle === 'RESOLVED';
    known.airportIcao ??= p.airportIcao;
    known.operatorIcao ??= p.operatorIcao;
    known.windowStart = Math.min(known.windowStart, p.windowStart);
    known.windowEnd = Math.max(known.windowEnd, p.windowEnd);
  }

  /** Every disruption; one still open lasts to `lastEvaluation`. */
  result(lastEvaluation: number): FoundDisruption[] {
    const all = [...this.found.values()];
    for (const f of all) if (!f.resolved) f.windowEnd = Math.max(f.windowEnd, lastEvaluation);
    return all;
  }
}

/** What the engine publishes over these records, in publication order. */
export function publications(records: readonly InputRecord[]): {
  published: DisruptionOutput[];
  lastEvaluation: number;
} {
  const h = new Harness();
  for (const topic of TOPICS) h.engine.register(topic);
  const ordered = [...records].sort((a, b) => eventTimeOfRecord(a) - eventTimeOfRecord(b));
  const published: DisruptionOutput[] = [];
  for (const record of ordered) {
    h.feed(record, record.topic);
    published.push(...h.engine.advance());
  }
  for (const topic of TOPICS) h.engine.setIdle(topic, true);
  published.push(...h.engine.advance());
  return { published, lastEvaluation: h.engine.lastEvaluation ?? 0 };
}

export function correlate(records: readonly InputRecord[]): FoundDisruption[] {
  const { published, lastEvaluation } = publications(records);
  const fold = new DisruptionFold();
  for (const p of published) fold.add(p);
  return fold.result(lastEvaluation);
}
