import {
  type Carriers,
  defaultCarriers,
  type Eu261Assessment,
  type Cause as Eu261Cause,
} from '@overfly/eu261';
import type {
  CorrelatorPassengerDecision,
  DisruptionType,
  OptionCost,
  PassengerEvent,
} from '@overfly/schemas';
import type { LegCause } from '../causes.js';
import type { Cause } from '../eu261.js';
import type { DisruptionOutput } from '../finding.js';
import { compareText } from '../inputs.js';
import type { LegFacts } from '../leg-facts.js';
import type { World } from '../world.js';
import { type CareCosts, defaultCareCosts, OPTION_ORDER } from './costs.js';
import { type Decision, decidePassenger } from './decide.js';
import { Routes, tripOf } from './trip.js';

/** A passenger.events publication, exactly as sent (its time is the evaluation's, event time). */
export type PassengerOutput = PassengerEvent;

/**
 * The leg disruptions passengers are decided on, strongest first: when a leg has several
 * at one evaluation, the decision is made once, under the strongest one's id.
 */
const LEG_TYPES: readonly DisruptionType[] = [
  'CANCELLATION',
  'DIVERSION',
  'RETURN_TO_ORIGIN',
  'DELAY',
];

/** The correlator's cause of a leg, as packages/eu261 names it. */
const EU261_KIND: Record<Cause, Eu261Cause['kind']> = {
  WEATHER: 'WEATHER',
  ATC: 'ATC',
  SECURITY: 'SECURITY',
  TECHNICAL: 'TECHNICAL',
  OWN_STRIKE: 'OWN_STAFF_STRIKE',
  AIRLINE: 'OPERATIONAL',
  REACTIONARY: 'UNKNOWN',
  UNKNOWN: 'UNKNOWN',
};

export interface StageEnv {
  now: number;
  world: World;
  factsOf(scheduleId: string): LegFacts | undefined;
  causeOf(facts: LegFacts): LegCause;
}

/** Delays in 15-minute bands: an estimate moving by a few minutes is not news to a passenger. */
const band = (minutes: number | null) => (minutes === null ? null : Math.floor(minutes / 15));

function fingerprintOf(d: Decision): string {
  return JSON.stringify([
    d.type,
    d.priority.priority,
    d.priority.reasons,
    d.assessment?.eligible ?? null,
    d.assessment?.amount.amountMinor ?? null,
    band(d.arrivalDelayMinutes),
    d.rebooking?.scheduleId ?? null,
    d.estimatedCostMinor,
  ]);
}

/**
 * Decides, for every passenger of a leg a disruption publication names, what they are told
 * and offered (decidePassenger), and publishes it to passenger.events when it is new or
 * changed; sets each leg disruption's `optionCosts` from the same decisions. Ids are
 * deterministic (disruptionId/passengerId/type#revision) and the publication time is the
 * evaluation's, so the same inputs always publish the very same records.
 */
export class PassengerStage {
  readonly #records = new Map<string, CorrelatorPassengerDecision>();
  readonly #carriers: Carriers;
  readonly #care: CareCosts;

  constructor(care: CareCosts = defaultCareCosts, carriers: Carriers = defaultCarriers()) {
    this.#care = care;
    this.#carriers = carriers;
  }

  decide(outputs: readonly DisruptionOutput[], env: StageEnv): PassengerOutput[] {
    const byLeg = new Map<string, DisruptionOutput[]>();
    for (const o of outputs) {
      if (!LEG_TYPES.includes(o.type)) continue;
      for (const a of o.affectedFlights) {
        const list = byLeg.get(a.scheduleId) ?? [];
        list.push(o);
        byLeg.set(a.scheduleId, list);
      }
    }
    if (byLeg.size === 0) return [];
    // Built on the first re-routing an evaluation needs: most need none.
    let routes: Routes | null = null;
    const decideEnv = {
      now: env.now,
      factsOf: env.factsOf,
      get routes() {
        routes ??= new Routes(env.world.legs.values(), env.factsOf);
        return routes;
      },
      carriers: this.#carriers,
      care: this.#care,
      assessments: new Map<string, Eu261Assessment | null>(),
    };
    const out: PassengerOutput[] = [];
    for (const scheduleId of [...byLeg.keys()].sort(compareText)) {
      const named = byLeg.get(scheduleId) as DisruptionOutput[];
      const strongest = [...named].sort(
        (a, b) => LEG_TYPES.indexOf(a.type) - LEG_TYPES.indexOf(b.type),
      )[0] as DisruptionOutput;
      const leg = env.world.legs.get(scheduleId);
      const facts = env.factsOf(scheduleId);
      const manifest = env.world.manifests.get(scheduleId);
      if (!leg || !facts || !manifest) continue;
      const legCause = env.causeOf(facts);
      const cause: Eu261Cause = {
        kind: EU261_KIND[legCause.cause],
        evidence: strongest.correlatedEventIds.slice(0, 5),
        note: legCause.saidBy,
      };
      const totals = new Map<OptionCost['option'], { passengers: number; minor: number }>();
      const passengers = [...manifest.passengers].sort((a, b) =>
        compareText(a.passengerId, b.passengerId),
      );
      for (const passenger of passengers) {
        const decision = decidePassenger(tripOf(env.world, leg, passenger), cause, decideEnv);
        if (!decision) continue;
        for (const [option, minor] of Object.entries(decision.costs)) {
          const t = totals.get(option as OptionCost['option']) ?? { passengers: 0, minor: 0 };
          t.passengers++;
          t.minor += minor;
          totals.set(option as OptionCost['option'], t);
        }
        const event = this.#publish(scheduleId, passenger, strongest, decision, env.now);
        if (event) out.push(event);
      }
      const optionCosts: OptionCost[] = OPTION_ORDER.filter((o) => totals.has(o)).map((option) => {
        const t = totals.get(option) as { passengers: number; minor: number };
        return {
          scheduleId,
          option,
          passengers: t.passengers,
          cost: { amountMinor: t.minor, currency: 'EUR' },
        };
      });
      for (const o of named) o.optionCosts = optionCosts;
    }
    return out;
  }

  #publish(
    scheduleId: string,
    passenger: { passengerId: string; bookingId: string; contactRef: string | null },
    disruption: DisruptionOutput,
    d: Decision,
    now: number,
  ): PassengerOutput | null {
    const key = `${scheduleId}|${passenger.passengerId}`;
    const fingerprint = fingerprintOf(d);
    let record = this.#records.get(key);
    if (record?.fingerprint === fingerprint) return null;
    record ??= {
      scheduleId,
      passengerId: passenger.passengerId,
      disruptionId: disruption.disruptionId,
      revision: 0,
      fingerprint,
    };
    record.revision++;
    record.fingerprint = fingerprint;
    this.#records.set(key, record);
    const a = d.assessment;
    return {
      eventId: `${record.disruptionId}/${passenger.passengerId}/${d.type}#${record.revision}`,
      passengerId: passenger.passengerId,
      bookingId: passenger.bookingId,
      contactRef: passenger.contactRef,
      disruptionId: record.disruptionId,
      scheduleId,
      type: d.type,
      priority: d.priority.priority,
      priorityReasons: d.priority.reasons,
      eu261Eligible: a?.eligible ?? false,
      eu261DistanceKm: a ? Math.round(a.distanceKm) : null,
      arrivalDelayMinutes: d.arrivalDelayMinutes,
      compensation: a?.eligible ? a.amount : null,
      rebooking: d.rebooking,
      estimatedCost:
        d.estimatedCostMinor === null
          ? null
          : { amountMinor: d.estimatedCostMinor, currency: 'EUR' },
      occurredAt: now,
    };
  }

  /** Forgets the decisions of legs the world no longer holds. */
  forget(keep: (scheduleId: string) => boolean): void {
    for (const [key, r] of this.#records) if (!keep(r.scheduleId)) this.#records.delete(key);
  }

  export(): CorrelatorPassengerDecision[] {
    return [...this.#records.entries()]
      .sort(([a], [b]) => compareText(a, b))
      .map(([, r]) => ({ ...r }));
  }

  import(records: readonly CorrelatorPassengerDecision[]): void {
    for (const r of records) this.#records.set(`${r.scheduleId}|${r.passengerId}`, { ...r });
  }
}
