// What ops-feed remembers of the legs it has seen: enough to derive each leg's inbound leg
// (the previous leg of the same airframe) and to publish a leg only when its view changed.
// Kept in memory for `retentionMs` after the leg's scheduled arrival, then forgotten: a
// restarted ops-feed publishes each current leg once more, which consumers dedupe on
// scheduleId and content.
import type { FlightSchedule } from '@overfly/schemas';
import type { LegView } from './map-flight.js';

/** An inbound leg this far before (scheduled departure to scheduled departure) is another day's. */
const ROTATION_WINDOW_MS = 24 * 60 * 60 * 1000;

interface Known {
  view: LegView;
  fingerprint: string | null;
}

export interface LegBook {
  /**
   * Takes one poll's legs (all airports together) and returns the schedules to publish:
   * those new or changed since last published, `updatedAt` = `now`.
   */
  update(views: readonly LegView[], now: number): FlightSchedule[];
  /** Legs departing in [from, to], for the manifest poll. */
  departing(from: number, to: number): LegView[];
  readonly size: number;
}

export function createLegBook(options: { retentionMs: number }): LegBook {
  const legs = new Map<string, Known>();

  const aircraftOf = (view: LegView) => view.registration ?? view.icao24;

  const inboundOf = (view: LegView): string | null => {
    const aircraft = aircraftOf(view);
    if (!aircraft) return null;
    let best: LegView | null = null;
    for (const { view: other } of legs.values()) {
      if (other.scheduleId === view.scheduleId || aircraftOf(other) !== aircraft) continue;
      if (other.status === 'CANCELLED') continue;
      if (other.scheduledDeparture >= view.scheduledDeparture) continue;
      if (view.scheduledDeparture - other.scheduledDeparture > ROTATION_WINDOW_MS) continue;
      if (!best || other.scheduledDeparture > best.scheduledDeparture) best = other;
    }
    // Only the leg that brings the aircraft here: a gap in what we saw is not a rotation.
    return best && best.arrivalAirport === view.departureAirport ? best.scheduleId : null;
  };

  const forget = (now: number) => {
    for (const [id, known] of legs) {
      if (known.view.scheduledArrival + options.retentionMs < now) legs.delete(id);
    }
  };

  return {
    update(views, now) {
      forget(now);
      for (const view of views) {
        const known = legs.get(view.scheduleId);
        legs.set(view.scheduleId, { view, fingerprint: known?.fingerprint ?? null });
      }
      // Every known leg, not only this poll's: a new leg can become another's inbound.
      const out: FlightSchedule[] = [];
      for (const known of legs.values()) {
        const view = known.view;
        const withInbound = { ...view, inboundScheduleId: inboundOf(view) };
        const fingerprint = JSON.stringify(withInbound);
        if (fingerprint === known.fingerprint) continue;
        known.fingerprint = fingerprint;
        out.push({ ...withInbound, updatedAt: now });
      }
      return out;
    },
    departing(from, to) {
      return [...legs.values()]
        .map((k) => k.view)
        .filter((v) => v.scheduledDeparture >= from && v.scheduledDeparture <= to)
        .sort(
          (a, b) =>
            a.scheduledDeparture - b.scheduledDeparture || a.scheduleId.localeCompare(b.scheduleId),
        );
    },
    get size() {
      return legs.size;
    },
  };
}
