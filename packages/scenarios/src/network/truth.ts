/**
 * The ground truth of a day: what a correlator should find, derived from what was injected
 * and what it did to the legs (README "Network scenarios" states the rules):
 *
 * - each declared disruption, with the legs whose outcome names it as a cause (pattern by
 *   kind: weather → WEATHER_IMPACT, ATC congestion → AIRPORT_CONGESTION, technical and
 *   airline-wide → AIRLINE_WIDE, cascade → CASCADING_DELAY, track anomalies by their type);
 *   its window runs from its start to the last departure it delayed or cancelled;
 * - every leg it cancelled as a CANCELLATION (major), its own or not (a return to origin
 *   cancels the legs its aircraft can no longer fly);
 * - every leg at least 15 minutes late as a DELAY, major from 60 minutes;
 * - each other chain of reactionary delays (two or more legs of one rotation 15 minutes
 *   late because of the leg before) as a minor CASCADING_DELAY;
 * - NETWORK_EFFECT when disruptions overlapping in time delay or cancel legs at three
 *   airports or more.
 *
 * Major means an operations controller must act; normal operations hold no major item.
 */
import type { ResolvedDisruption } from './disruptions.js';
import type { InjectedDisruption, InjectedPattern, LegOutcome } from './model.js';
import type { PlannedDay, PlannedLeg } from './schedule.js';

const NOTABLE_DELAY_MIN = 15;
const MAJOR_DELAY_MIN = 60;
/** A holding this long or longer is major (chosen: it costs a connection or a slot). */
const MAJOR_HOLDING_MS = 15 * 60_000;
const NETWORK_AIRPORTS = 3;

const PATTERN: Record<ResolvedDisruption['spec']['type'], InjectedPattern> = {
  weather: 'WEATHER_IMPACT',
  atc_congestion: 'AIRPORT_CONGESTION',
  technical: 'AIRLINE_WIDE',
  airline_wide: 'AIRLINE_WIDE',
  cascade: 'CASCADING_DELAY',
  diversion: 'DIVERSION',
  holding: 'HOLDING',
  go_around: 'GO_AROUND',
  return_to_origin: 'RETURN_TO_ORIGIN',
};

export function groundTruth(
  day: PlannedDay,
  outcomes: ReadonlyMap<string, LegOutcome>,
  disruptions: readonly ResolvedDisruption[],
): InjectedDisruption[] {
  const items: InjectedDisruption[] = [];
  const outcome = (leg: PlannedLeg) => outcomes.get(leg.scheduleId) as LegOutcome;
  const hit = (leg: PlannedLeg) => {
    const o = outcome(leg);
    return o.status === 'CANCELLED' || o.departureDelayMinutes >= 1 || o.anomalies.length > 0;
  };
  const legsOf = new Map<string, PlannedLeg[]>();
  for (const d of disruptions) {
    const spec = d.spec;
    const legs = day.legs.filter((l) => {
      if (!outcome(l).causes.includes(d.id) || !hit(l)) return false;
      // An airport's disruption is seen at that airport; an anomaly on its own leg. What
      // they cause further down a rotation is in the cascades.
      if ('airport' in spec)
        return l.departureAirport === spec.airport || l.arrivalAirport === spec.airport;
      if (spec.type !== 'cascade' && d.leg && !('airline' in spec)) return l === d.leg;
      return true;
    });
    legsOf.set(d.id, legs);
    const airport =
      'airport' in spec
        ? spec.airport
        : d.leg && !('airline' in spec)
          ? anomalyAirport(spec, d.leg)
          : null;
    const operator = 'airline' in spec ? spec.airline : (d.leg?.operatorIcao ?? null);
    const ordered =
      spec.type === 'cascade' && d.leg ? [d.leg, ...legs.filter((l) => l !== d.leg)] : legs;
    const major =
      spec.type === 'go_around'
        ? false
        : spec.type === 'holding'
          ? spec.duration >= MAJOR_HOLDING_MS
          : true;
    items.push({
      id: d.id,
      pattern: PATTERN[spec.type],
      major,
      airportIcao: airport,
      operatorIcao: operator,
      windowStart: d.from,
      windowEnd: Math.max(
        d.to,
        ...legs.map((l) => outcome(l).actualDeparture ?? l.scheduledDeparture),
      ),
      scheduleIds: ordered.map((l) => l.scheduleId),
      description: describe(d),
    });
    // Every leg it cancelled, wherever: a return to origin also cancels the legs its
    // aircraft can no longer fly (93), which are not its own leg.
    const cancelled = day.legs.filter(
      (l) => outcome(l).status === 'CANCELLED' && outcome(l).causes.includes(d.id),
    );
    if (cancelled.length > 0) {
      items.push({
        id: `${d.id}-cancellations`,
        pattern: 'CANCELLATION',
        major: true,
        airportIcao: 'airport' in spec ? spec.airport : null,
        operatorIcao: 'airline' in spec ? spec.airline : null,
        windowStart: Math.min(...cancelled.map((l) => l.scheduledDeparture)),
        windowEnd: Math.max(...cancelled.map((l) => l.scheduledDeparture)),
        scheduleIds: cancelled.map((l) => l.scheduleId),
        description: `${cancelled.length} legs cancelled by ${d.id}`,
      });
    }
  }

  for (const leg of day.legs) {
    const o = outcome(leg);
    if (o.status === 'CANCELLED' || o.departureDelayMinutes < NOTABLE_DELAY_MIN) continue;
    items.push({
      id: `delay-${leg.scheduleId}`,
      pattern: 'DELAY',
      major: o.departureDelayMinutes >= MAJOR_DELAY_MIN,
      airportIcao: leg.departureAirport,
      operatorIcao: leg.operatorIcao,
      windowStart: leg.scheduledDeparture,
      windowEnd: o.actualDeparture ?? leg.scheduledDeparture,
      scheduleIds: [leg.scheduleId],
      description: `${leg.flightNumber} ${leg.departureAirport}–${leg.arrivalAirport} left ${o.departureDelayMinutes} min late (code ${o.delayCode})`,
    });
  }

  items.push(...reactionaryChains(day, outcome, disruptions));
  items.push(...networkEffects(disruptions, legsOf, outcome));
  return items.sort((a, b) => a.windowStart - b.windowStart || compare(a.id, b.id));
}

function anomalyAirport(spec: ResolvedDisruption['spec'], leg: PlannedLeg): string {
  if (spec.type === 'diversion') return spec.to;
  if (spec.type === 'return_to_origin' || spec.type === 'cascade') return leg.departureAirport;
  return leg.arrivalAirport;
}

function describe(d: ResolvedDisruption): string {
  const s = d.spec;
  switch (s.type) {
    case 'weather':
      return `${s.severity} at ${s.airport}`;
    case 'atc_congestion':
      return `ATC congestion at ${s.airport}: ${Math.round(s.capacityFactor * 100)} % of capacity`;
    case 'technical':
      return `technical delays across ${s.airline} (code 41)`;
    case 'airline_wide':
      return `${s.cause.replaceAll('_', ' ')} at ${s.airline}`;
    case 'cascade':
      return `${d.leg?.flightNumber} delayed at the root (code ${s.code}), late through its rotation (code 93)`;
    case 'diversion':
      return `${d.leg?.flightNumber} diverted to ${s.to}`;
    case 'holding':
      return `${d.leg?.flightNumber} holds before landing at ${d.leg?.arrivalAirport}`;
    case 'go_around':
      return `${d.leg?.flightNumber} goes around at ${d.leg?.arrivalAirport}`;
    case 'return_to_origin':
      return `${d.leg?.flightNumber} returns to ${d.leg?.departureAirport}`;
  }
}

/** Minor cascades: rotations where two legs or more in a row are 15 minutes late from the one before. */
function reactionaryChains(
  day: PlannedDay,
  outcome: (leg: PlannedLeg) => LegOutcome,
  disruptions: readonly ResolvedDisruption[],
): InjectedDisruption[] {
  const declared = new Set(
    disruptions.flatMap((d) => (d.spec.type === 'cascade' && d.leg ? [d.leg.scheduleId] : [])),
  );
  const items: InjectedDisruption[] = [];
  for (const rotation of day.rotations) {
    let chain: PlannedLeg[] = [];
    const flush = () => {
      const root = chain[0];
      if (root && chain.length >= 3 && !declared.has(root.scheduleId)) {
        items.push({
          id: `cascade-${root.scheduleId}`,
          pattern: 'CASCADING_DELAY',
          major: false,
          airportIcao: root.departureAirport,
          operatorIcao: root.operatorIcao,
          windowStart: root.scheduledDeparture,
          windowEnd: Math.max(
            ...chain.map((l) => outcome(l).actualDeparture ?? l.scheduledDeparture),
          ),
          scheduleIds: chain.map((l) => l.scheduleId),
          description: `${root.flightNumber}'s delay carried through ${chain.length - 1} legs of ${root.registration}`,
        });
      }
      chain = [];
    };
    for (const leg of rotation) {
      const o = outcome(leg);
      if (
        o.status !== 'CANCELLED' &&
        o.reactionaryMinutes >= NOTABLE_DELAY_MIN &&
        chain.length > 0
      ) {
        chain.push(leg);
        continue;
      }
      flush();
      if (o.status !== 'CANCELLED' && o.departureDelayMinutes >= NOTABLE_DELAY_MIN) chain = [leg];
    }
    flush();
  }
  return items;
}

/** Disruptions overlapping in time that together reach three airports or more. */
function networkEffects(
  disruptions: readonly ResolvedDisruption[],
  legsOf: ReadonlyMap<string, readonly PlannedLeg[]>,
  outcome: (leg: PlannedLeg) => LegOutcome,
): InjectedDisruption[] {
  const wide = disruptions
    .filter((d) => ['weather', 'atc_congestion', 'technical', 'airline_wide'].includes(d.spec.type))
    .sort((a, b) => a.from - b.from);
  const items: InjectedDisruption[] = [];
  let group: ResolvedDisruption[] = [];
  let groupEnd = Number.NEGATIVE_INFINITY;
  const flush = () => {
    if (group.length >= 2) {
      const legs = group
        .flatMap((d) => legsOf.get(d.id) ?? [])
        .filter((l) => {
          const o = outcome(l);
          return o.status === 'CANCELLED' || o.departureDelayMinutes >= NOTABLE_DELAY_MIN;
        });
      const airports = new Set(legs.map((l) => l.departureAirport));
      if (airports.size >= NETWORK_AIRPORTS) {
        const unique = [...new Set(legs)].sort(
          (a, b) => a.scheduledDeparture - b.scheduledDeparture,
        );
        items.push({
          id: `network-effect-${items.length + 1}`,
          pattern: 'NETWORK_EFFECT',
          major: true,
          airportIcao: null,
          operatorIcao: null,
          windowStart: Math.min(...group.map((d) => d.from)),
          windowEnd: Math.max(...group.map((d) => d.to)),
          scheduleIds: unique.map((l) => l.scheduleId),
          description: `${group.map((d) => d.id).join(', ')} together disrupt ${airports.size} airports`,
        });
      }
    }
    group = [];
  };
  for (const d of wide) {
    if (d.from >= groupEnd) flush();
    group.push(d);
    groupEnd = Math.max(groupEnd, d.to);
  }
  flush();
  return items;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
