import type {
  AffectedFlight,
  CorrelatorDisruption,
  DisruptionLifecycle,
  DisruptionType,
} from '@overfly/schemas';
import { LATE_MINUTES } from './config.js';
import {
  type DisruptionOutput,
  evidence,
  type Finding,
  type FindingContent,
  MAX_AFFECTED,
  worstFirst,
} from './finding.js';
import { compareText } from './inputs.js';

/**
 * An aggregate that no longer holds is resolved at the third evaluation in a row without it
 * (15 min at the default step): scoring the network scenarios showed airline-wide and
 * congestion findings resolved after two misses and found again 5 minutes later as a new
 * disruption (network-technical: 4 AIRLINE_WIDE for one; 3 with three misses, no gain
 * beyond).
 */
const MISSES_TO_RESOLVE = 3;

/** The order findings of one evaluation are published in: leg patterns first, the network last. */
const TYPE_ORDER: Record<DisruptionType, number> = {
  DELAY: 0,
  CANCELLATION: 1,
  DIVERSION: 2,
  RETURN_TO_ORIGIN: 3,
  HOLDING: 4,
  GO_AROUND: 5,
  ROTATION_RISK: 6,
  CASCADING_DELAY: 7,
  WEATHER_IMPACT: 8,
  AIRPORT_CONGESTION: 9,
  AIRLINE_WIDE: 10,
  NETWORK_EFFECT: 11,
  UNKNOWN: 12,
};

interface DisruptionRecord {
  disruptionId: string;
  type: DisruptionType;
  anchor: string;
  windowStart: number;
  revision: number;
  fingerprint: string;
  misses: number;
  last: DisruptionOutput;
  finishedAt: number | null;
}

/** `20240917T0805Z`: the window start in a disruption id. */
function compactTime(at: number): string {
  return new Date(at).toISOString().slice(0, 16).replaceAll('-', '').replace(':', '').concat('Z');
}

/**
 * The disruption's id: its pattern, its anchor and the start of the window it was first
 * detected in, so the same inputs always give the same id, and a disruption that ends and
 * comes back later is a new one.
 */
function disruptionIdOf(type: DisruptionType, anchor: string, windowStart: number): string {
  return `${type}/${anchor}/${compactTime(windowStart)}`;
}

/** Delays in 15-minute bands: an estimate moving by a few minutes is not news. */
const band = (minutes: number | null) =>
  minutes === null ? null : Math.floor(minutes / LATE_MINUTES);

/**
 * What a publication says, for deciding whether a new finding is an UPDATED: its
 * severity, cause and EU261 flags, aerodrome, operator, root, weather report, confidence,
 * each leg (cancelled, delay in 15-minute bands, passengers) and the track positions that
 * show it (a second holding is news). Not the summary, the evidence ids or the window.
 */
function fingerprintOf(type: DisruptionType, c: FindingContent): string {
  return JSON.stringify([
    type,
    c.severity,
    c.airportIcao,
    c.operatorIcao,
    c.rootCauseScheduleId,
    c.weatherObservationId,
    c.eu261Relevant,
    c.extraordinaryCircumstances,
    c.confidence,
    c.affectedFlights.map((a) => [
      a.scheduleId,
      a.cancelled,
      band(a.expectedArrivalDelayMinutes),
      a.passengerCount,
    ]),
    c.positions.map((p) => p.eventId),
  ]);
}

/** An aggregate keeps listing the legs of its earlier evaluations, as last seen. */
function merge(previous: DisruptionOutput, current: FindingContent): FindingContent {
  const fresh = new Set(current.affectedFlights.map((a) => a.scheduleId));
  const kept: AffectedFlight[] = previous.affectedFlights.filter((a) => !fresh.has(a.scheduleId));
  return {
    ...current,
    affectedFlights: worstFirst([...current.affectedFlights, ...kept]).slice(0, MAX_AFFECTED),
    correlatedEventIds: evidence(previous.correlatedEventIds, current.correlatedEventIds),
  };
}

/**
 * Turns each evaluation's findings into publications: DETECTED when a finding first holds,
 * UPDATED when what it says changes (see fingerprintOf), RESOLVED when its pattern says it
 * is over or it has not been found for MISSES_TO_RESOLVE evaluations. Ids are deterministic
 * (disruptionIdOf; eventId is the disruption id and its revision), so the same inputs in
 * the same evaluations publish the very same records.
 */
export class Lifecycle {
  readonly #records = new Map<string, DisruptionRecord>();

  /** Anchors of open disruptions by type: what the patterns ask about every leg, every evaluation. */
  readonly #open = new Map<DisruptionType, Set<string>>();

  isOpen(type: DisruptionType, anchor: string): boolean {
    return this.#open.get(type)?.has(anchor) ?? false;
  }

  #markOpen(record: DisruptionRecord, open: boolean): void {
    let anchors = this.#open.get(record.type);
    if (!anchors) {
      anchors = new Set();
      this.#open.set(record.type, anchors);
    }
    if (open) anchors.add(record.anchor);
    else anchors.delete(record.anchor);
  }

  /** scheduleIds named by open disruptions: their legs are not forgotten yet. */
  openLegs(): Set<string> {
    const ids = new Set<string>();
    for (const r of this.#records.values())
      if (r.finishedAt === null) for (const a of r.last.affectedFlights) ids.add(a.scheduleId);
    return ids;
  }

  get openCount(): number {
    let n = 0;
    for (const r of this.#records.values()) if (r.finishedAt === null) n++;
    return n;
  }

  apply(findings: readonly Finding[], now: number, windowStart: number): DisruptionOutput[] {
    const out: DisruptionOutput[] = [];
    const seen = new Set<string>();
    const ordered = [...findings].sort(
      (a, b) => TYPE_ORDER[a.type] - TYPE_ORDER[b.type] || compareText(a.anchor, b.anchor),
    );
    for (const finding of ordered) {
      const key = `${finding.type}|${finding.anchor}`;
      let record = this.#records.get(key);
      if (record?.finishedAt != null || seen.has(key)) continue;
      if (!finding.holds) {
        if (!record) continue;
        seen.add(key);
        out.push(this.#publish(record, 'RESOLVED', finding.content, now));
        this.#end(key, record, finding.final, now);
        continue;
      }
      seen.add(key);
      const content =
        finding.accumulates && record ? merge(record.last, finding.content) : finding.content;
      if (!record) {
        const disruptionId = disruptionIdOf(finding.type, finding.anchor, windowStart);
        record = {
          disruptionId,
          type: finding.type,
          anchor: finding.anchor,
          windowStart,
          revision: 0,
          fingerprint: '',
          misses: 0,
          last: undefined as unknown as DisruptionOutput,
          finishedAt: null,
        };
        this.#records.set(key, record);
        this.#markOpen(record, true);
        out.push(this.#publish(record, 'DETECTED', content, now));
      } else if (!finding.final && fingerprintOf(finding.type, content) !== record.fingerprint) {
        out.push(this.#publish(record, 'UPDATED', content, now));
      }
      record.misses = 0;
      // The last word carries what changed with it: no UPDATED right before a RESOLVED.
      if (finding.final) {
        out.push(this.#publish(record, 'RESOLVED', content, now));
        this.#end(key, record, true, now);
      }
    }
    const quiet = [...this.#records.entries()]
      .filter(([key, r]) => r.finishedAt === null && !seen.has(key))
      .sort(([a], [b]) => compareText(a, b));
    for (const [key, record] of quiet) {
      record.misses++;
      if (record.misses < MISSES_TO_RESOLVE) continue;
      out.push(this.#publish(record, 'RESOLVED', record.last, now));
      this.#end(key, record, false, now);
    }
    return out;
  }

  /** Drops records finished before `before`: their legs are forgotten too. */
  forget(before: number): void {
    for (const [key, r] of this.#records)
      if (r.finishedAt !== null && r.finishedAt < before) this.#records.delete(key);
  }

  #end(key: string, record: DisruptionRecord, final: boolean, now: number): void {
    // A final end keeps the anchor closed; any other may open again as a new disruption.
    this.#markOpen(record, false);
    if (final) record.finishedAt = now;
    else this.#records.delete(key);
  }

  #publish(
    record: DisruptionRecord,
    lifecycle: DisruptionLifecycle,
    content: FindingContent,
    now: number,
  ): DisruptionOutput {
    record.revision++;
    const output: DisruptionOutput = {
      eventId: `${record.disruptionId}#${record.revision}`,
      disruptionId: record.disruptionId,
      type: record.type,
      lifecycle,
      ...pick(content),
      windowStart: record.windowStart,
      windowEnd: now,
      // The passenger decisions fill this in for leg disruptions, after the lifecycle.
      optionCosts: [],
    };
    record.last = output;
    record.fingerprint = fingerprintOf(record.type, content);
    return output;
  }

  export(): CorrelatorDisruption[] {
    return [...this.#records.values()]
      .sort((a, b) => compareText(a.disruptionId, b.disruptionId))
      .map((r) => ({
        disruptionId: r.disruptionId,
        type: r.type,
        anchor: r.anchor,
        windowStart: r.windowStart,
        revision: r.revision,
        fingerprint: r.fingerprint,
        misses: r.misses,
        lastContent: JSON.stringify(r.last),
        finishedAt: r.finishedAt,
      }));
  }

  import(records: readonly CorrelatorDisruption[]): void {
    for (const r of records) {
      const type = r.type as DisruptionType;
      const record: DisruptionRecord = {
        disruptionId: r.disruptionId,
        type,
        anchor: r.anchor,
        windowStart: r.windowStart,
        revision: r.revision,
        fingerprint: r.fingerprint,
        misses: r.misses,
        last: JSON.parse(r.lastContent) as DisruptionOutput,
        finishedAt: r.finishedAt,
      };
      this.#records.set(`${type}|${r.anchor}`, record);
      if (record.finishedAt === null) this.#markOpen(record, true);
    }
  }
}

function pick(c: FindingContent): FindingContent {
  return {
    severity: c.severity,
    summary: c.summary,
    airportIcao: c.airportIcao,
    operatorIcao: c.operatorIcao,
    rootCauseScheduleId: c.rootCauseScheduleId,
    weatherObservationId: c.weatherObservationId,
    affectedFlights: c.affectedFlights,
    eu261Relevant: c.eu261Relevant,
    extraordinaryCircumstances: c.extraordinaryCircumstances,
    eu261Note: c.eu261Note,
    correlatedEventIds: c.correlatedEventIds,
    confidence: c.confidence,
    positions: c.positions,
  };
}
