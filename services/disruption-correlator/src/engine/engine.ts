import type {
  CorrelatorAirport,
  CorrelatorChannel,
  CorrelatorClock,
  CorrelatorDisruption,
  CorrelatorFlight,
  CorrelatorManifest,
  CorrelatorPassengerDecision,
  CorrelatorPendingInput,
  CorrelatorSchedule,
} from '@overfly/schemas';
import { foldHour } from './baseline.js';
import { legCause, type WeatherAt } from './causes.js';
import { type EngineConfig, HOUR } from './config.js';
import type { DisruptionOutput, EvalContext, Finding } from './finding.js';
import {
  compareInputs,
  type EngineInput,
  eventTimeOf,
  fromPendingRecord,
  type PendingInput,
  toPendingRecord,
} from './inputs.js';
import { type LegFacts, type Locate, legFacts, setOver } from './leg-facts.js';
import { Lifecycle } from './lifecycle.js';
import { type CareCosts, defaultCareCosts } from './passengers/costs.js';
import { type PassengerOutput, PassengerStage } from './passengers/stage.js';
import { airportConditions, airportFindings } from './patterns/airport.js';
import { cancellationFindings, delayFindings } from './patterns/leg.js';
import { airlineFindings, networkFindings } from './patterns/network.js';
import { cascadeFindings, rotationRiskFindings } from './patterns/rotation.js';
import { flightTrackFindings, legTrackFindings } from './patterns/track.js';
import { rotationView } from './rotation.js';
import { Watermarks } from './watermark.js';
import { World } from './world.js';

/**
 * What became of an input: applied in its window (`on_time`); behind the watermark but
 * its evaluation not yet run, so still in its window (`behind_watermark`); older than the
 * last evaluation, applied to the state for the evaluations to come but never re-opening a
 * past one (`folded`); older than the state retention, so nothing left to fold it into
 * (`expired`).
 */
export type IngestOutcome = 'on_time' | 'behind_watermark' | 'folded' | 'expired';

/** The engine's whole state, as the changelog stores it (chunked by the service). */
export interface EngineSnapshot {
  clock: CorrelatorClock;
  channels: CorrelatorChannel[];
  legs: CorrelatorSchedule[];
  flights: CorrelatorFlight[];
  airports: CorrelatorAirport[];
  manifests: CorrelatorManifest[];
  disruptions: CorrelatorDisruption[];
  pending: CorrelatorPendingInput[];
  passengerDecisions: CorrelatorPassengerDecision[];
}

const floorTo = (t: number, step: number) => Math.floor(t / step) * step;

/**
 * How far ahead of an evaluation a leg is watched: a leg leaving later cannot be at risk
 * from an inbound yet, and its own delay is found once it comes within reach.
 */
const LOOKAHEAD_MS = 12 * HOUR;

/**
 * The correlation engine: pure, no Kafka, no clock. Inputs go in with the partition they
 * came from; `advance` runs every evaluation the watermark has passed, each at a multiple
 * of the step, over the window that ends there, after applying (in a fixed order) every
 * input older than it. The same inputs therefore give the same publications, however the
 * partitions interleaved, as long as none arrives behind the watermark; one that does is
 * folded into the state for the evaluations to come, never into one already run.
 */
export class CorrelationEngine {
  readonly config: EngineConfig;
  readonly #locate: Locate;
  readonly #world = new World();
  readonly #lifecycle = new Lifecycle();
  readonly #passengers: PassengerStage;
  /** passenger.events of the evaluations run since the last `takePassengerEvents`. */
  #passengerOut: PassengerOutput[] = [];
  readonly #watermarks = new Watermarks();
  #pending: PendingInput[] = [];
  #sorted = true;
  #lastTick: number | null = null;
  #baselineThrough: number | null = null;
  /**
   * Each leg's facts as of the world's version of it: a function of the state alone (but
   * `over`), so keeping them changes nothing a restored engine would compute afresh.
   */
  readonly #facts = new Map<string, { version: number; facts: LegFacts }>();

  constructor(config: EngineConfig, locate: Locate, care: CareCosts = defaultCareCosts) {
    if (config.stepMs <= 0 || config.windowMs < config.stepMs)
      throw new Error('the window must be at least one evaluation step, and the step positive');
    this.config = config;
    this.#locate = locate;
    this.#passengers = new PassengerStage(care);
  }

  /** A partition that will deliver: it holds the watermark until it does, or goes idle. */
  register(channel: string): void {
    this.#watermarks.register(channel);
  }

  setIdle(channel: string, idle: boolean): void {
    this.#watermarks.setIdle(channel, idle);
  }

  ingest(channel: string, input: EngineInput): IngestOutcome {
    const at = eventTimeOf(input);
    this.#watermarks.observe(channel, at);
    if (this.#lastTick !== null && at < this.#lastTick) {
      if (at < this.#lastTick - this.config.retentionMs) return 'expired';
      this.#world.apply(input);
      return 'folded';
    }
    const last = this.#pending[this.#pending.length - 1];
    if (last && compareInputs(last.input, input) > 0) this.#sorted = false;
    this.#pending.push({ channel, input });
    const watermark = this.#watermarks.current;
    return watermark !== null && at < watermark ? 'behind_watermark' : 'on_time';
  }

  /**
   * Runs the evaluations the watermark has passed, at most `limit` of them (the rest wait
   * for the next call: `evaluationsDue` says how many); their publications, in order.
   */
  advance(limit = Number.POSITIVE_INFINITY): DisruptionOutput[] {
    const watermark = this.#watermarks.compute(this.config.allowedLatenessMs);
    if (watermark === null) return [];
    const { stepMs } = this.config;
    if (!this.#sorted) {
      this.#pending.sort((a, b) => compareInputs(a.input, b.input));
      this.#sorted = true;
    }
    if (this.#lastTick === null) {
      const first = this.#pending[0];
      if (!first) return [];
      this.#lastTick = floorTo(eventTimeOf(first.input), stepMs);
    }
    const out: DisruptionOutput[] = [];
    let applied = 0;
    let tick: number = this.#lastTick;
    let evaluations = 0;
    while (tick + stepMs <= watermark && evaluations < limit) {
      // Nothing to watch and nothing open: jump to the next input instead of evaluating
      // an empty world every step (a feed that starts days after the last one).
      if (this.#quiet()) {
        const next = this.#pending[applied];
        const target = Math.min(
          floorTo(next ? eventTimeOf(next.input) : watermark, stepMs),
          floorTo(watermark, stepMs),
        );
        if (target > tick) {
          tick = target;
          this.#lastTick = tick;
          continue;
        }
      }
      const now = tick + stepMs;
      while (
        applied < this.#pending.length &&
        eventTimeOf((this.#pending[applied] as PendingInput).input) < now
      ) {
        this.#world.apply((this.#pending[applied] as PendingInput).input);
        applied++;
      }
      out.push(...this.#evaluate(now));
      evaluations++;
      tick = now;
      this.#lastTick = tick;
    }
    if (applied > 0) this.#pending.splice(0, applied);
    return out;
  }

  /**
   * The passenger.events of the evaluations `advance` ran, in order; sent after their
   * disruption.events, before the batch counts as done.
   */
  takePassengerEvents(): PassengerOutput[] {
    const out = this.#passengerOut;
    this.#passengerOut = [];
    return out;
  }

  /**
   * Evaluation steps the watermark has passed that `advance` has not run yet (its limit
   * stopped it); at most, as a quiet world skips ahead.
   */
  get evaluationsDue(): number {
    const watermark = this.#watermarks.current;
    if (watermark === null || this.#lastTick === null) return 0;
    return Math.max(0, Math.floor((watermark - this.#lastTick) / this.config.stepMs));
  }

  /** The watermark as of the last `advance`; null while a partition holds it back. */
  get watermark(): number | null {
    return this.#watermarks.current;
  }

  /** The latest event time delivered on any partition. */
  get latestEventTime(): number | null {
    return this.#watermarks.latest;
  }

  get lastEvaluation(): number | null {
    return this.#lastTick;
  }

  get openDisruptions(): number {
    return this.#lifecycle.openCount;
  }

  get pendingInputs(): number {
    return this.#pending.length;
  }

  #quiet(): boolean {
    return (
      this.#world.legs.size === 0 &&
      this.#world.flights.size === 0 &&
      this.#lifecycle.openCount === 0
    );
  }

  #evaluate(now: number): DisruptionOutput[] {
    const { config } = this;
    const windowStart = now - config.windowMs;
    // Forget at the first evaluation of each hour: when depends on event time alone.
    if (floorTo(now, HOUR) !== floorTo(now - config.stepMs, HOUR)) {
      const named = this.#lifecycle.openLegs();
      this.#world.evict(
        now - config.retentionMs,
        now - 2 * config.windowMs,
        (id) => named.has(id),
        now,
      );
      this.#lifecycle.forget(now - config.retentionMs);
      for (const id of this.#facts.keys()) if (!this.#world.legs.has(id)) this.#facts.delete(id);
      this.#passengers.forget((id) => this.#world.legs.has(id));
    }
    // Each leg's facts as of this evaluation: kept from the last while the leg, its tracks
    // and its manifest are unchanged (only `over` moves with time).
    const byId = new Map<string, LegFacts>();
    const factsOf = (id: string) => {
      let facts = byId.get(id);
      if (!facts) {
        const leg = this.#world.legs.get(id);
        if (!leg) return undefined;
        const version = this.#world.versionOf(id);
        const cached = this.#facts.get(id);
        if (cached && cached.version === version) facts = cached.facts;
        else {
          facts = legFacts(this.#world, leg, this.#locate);
          this.#facts.set(id, { version, facts });
        }
        byId.set(id, setOver(facts, now, config.windowMs));
      }
      return facts;
    };
    // The legs watched: those scheduled to leave within LOOKAHEAD_MS and not ended before
    // the oldest hour the baseline or the window still reads, and those an open disruption
    // names. Any other leg a pattern asks about (up a rotation) is seen on demand.
    const open = this.#lifecycle.openLegs();
    const oldest = now - config.windowMs - HOUR - config.stepMs;
    const legs: LegFacts[] = [];
    for (const leg of this.#world.legsByDeparture())
      if (
        open.has(leg.scheduleId) ||
        (leg.scheduledDeparture <= now + LOOKAHEAD_MS &&
          Math.max(leg.scheduledArrival, leg.actualArrival ?? 0, leg.estimatedArrival ?? 0) >=
            oldest)
      )
        legs.push(factsOf(leg.scheduleId) as LegFacts);
    const ctx: EvalContext = {
      now,
      windowStart,
      config,
      world: this.#world,
      locate: this.#locate,
      legs,
      factsOf,
      rotation: rotationView(legs, factsOf, config.minTurnaroundMs),
      isOpen: (type, anchor) => this.#lifecycle.isOpen(type, anchor),
    };
    this.#baselineThrough ??= floorTo(now, HOUR);
    while (this.#baselineThrough + HOUR + config.windowMs <= now) {
      foldHour(
        this.#world,
        legs,
        this.#baselineThrough,
        config,
        (id) => ctx.rotation.get(id)?.reactionaryMinutes ?? 0,
      );
      this.#baselineThrough += HOUR;
    }
    const conditions = airportConditions(ctx);
    const weatherAt: WeatherAt = (icao) => {
      const c = conditions.get(icao);
      const report = c?.abnormal ? c.badWeather[c.badWeather.length - 1] : undefined;
      return report ? { observationId: report.observationId } : null;
    };
    const findings: Finding[] = [
      ...delayFindings(ctx, weatherAt),
      ...cancellationFindings(ctx, weatherAt),
      ...legTrackFindings(ctx, weatherAt),
      ...flightTrackFindings(ctx),
      ...rotationRiskFindings(ctx, weatherAt),
      ...cascadeFindings(ctx, weatherAt),
      ...airportFindings(ctx, conditions),
      ...airlineFindings(ctx, conditions),
      ...networkFindings(ctx, conditions),
    ];
    const outputs = this.#lifecycle.apply(findings, now, windowStart);
    this.#passengerOut.push(
      ...this.#passengers.decide(outputs, {
        now,
        world: this.#world,
        factsOf,
        causeOf: (f) => legCause(ctx, f, weatherAt),
      }),
    );
    return outputs;
  }

  exportSnapshot(): EngineSnapshot {
    if (!this.#sorted) {
      this.#pending.sort((a, b) => compareInputs(a.input, b.input));
      this.#sorted = true;
    }
    return {
      clock: { lastTick: this.#lastTick, baselineThrough: this.#baselineThrough },
      channels: this.#watermarks.export(),
      ...this.#world.export(),
      disruptions: this.#lifecycle.export(),
      pending: this.#pending.map((p) => structuredClone(toPendingRecord(p))),
      passengerDecisions: this.#passengers.export(),
    };
  }

  /** Restores an exported snapshot into this (new) engine. */
  importSnapshot(s: EngineSnapshot): void {
    this.#lastTick = s.clock.lastTick;
    this.#baselineThrough = s.clock.baselineThrough;
    this.#watermarks.import(s.channels);
    this.#world.import({
      legs: s.legs,
      flights: s.flights,
      airports: s.airports,
      manifests: s.manifests,
    });
    this.#lifecycle.import(s.disruptions);
    this.#passengers.import(s.passengerDecisions);
    this.#pending = s.pending.map(fromPendingRecord);
    this.#sorted = false;
  }
}
