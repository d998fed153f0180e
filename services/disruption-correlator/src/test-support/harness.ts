import { defaultAirports } from '@overfly/geo';
import type { TopicValue } from '@overfly/schemas';
import { defaultEngineConfig, type EngineConfig } from '../engine/config.js';
import { CorrelationEngine, type IngestOutcome } from '../engine/engine.js';
import type { DisruptionOutput } from '../engine/finding.js';
import type { Locate } from '../engine/leg-facts.js';
import type { PassengerOutput } from '../engine/passengers/stage.js';
import { type InputTopic, normalize } from '../inputs/normalize.js';
import { flightEvent } from './records.js';

export const airports = defaultAirports();
const locate: Locate = (icao) => {
  const a = airports.byIcao(icao);
  return a ? { lat: a.lat, lon: a.lon } : undefined;
};
const options = {
  now: Date.UTC(2100, 0, 1),
  maxFutureMs: 0,
  knownAirport: (icao: string) => airports.byIcao(icao) !== undefined,
};

/** One record of an input topic, for `Harness.feed`. */
export type InputRecord = { [T in InputTopic]: { topic: T; value: TopicValue[T] } }[InputTopic];

export const onTopic = {
  schedule: (value: TopicValue['flight.schedules']): InputRecord => ({
    topic: 'flight.schedules',
    value,
  }),
  event: (value: TopicValue['flight.events']): InputRecord => ({ topic: 'flight.events', value }),
  weather: (value: TopicValue['external.weather']): InputRecord => ({
    topic: 'external.weather',
    value,
  }),
  manifest: (value: TopicValue['passenger.manifests']): InputRecord => ({
    topic: 'passenger.manifests',
    value,
  }),
};

/**
 * The engine with one input channel by default: records go in through the service's own
 * normalization, and `until(t)` moves the watermark to t with an event the patterns ignore.
 */
export class Harness {
  readonly engine: CorrelationEngine;
  readonly published: DisruptionOutput[] = [];
  readonly decisions: PassengerOutput[] = [];

  constructor(config: Partial<EngineConfig> = {}) {
    this.engine = new CorrelationEngine({ ...defaultEngineConfig, ...config }, locate);
  }

  feed(record: InputRecord, channel = 'main'): IngestOutcome {
    return this.engine.ingest(channel, normalize(record.topic, record.value, options));
  }

  feedAll(records: readonly InputRecord[], channel = 'main'): void {
    for (const r of records) this.feed(r, channel);
  }

  /** Advances the watermark to `t` (on every channel given) and collects what is published. */
  until(t: number, channels: readonly string[] = ['main']): DisruptionOutput[] {
    const lateness = this.engine.config.allowedLatenessMs;
    for (const channel of channels)
      this.feed(
        onTopic.event(
          flightEvent({
            flightId: 'clock',
            icao24: '000000',
            callsign: null,
            type: 'FIR_ENTRY',
            at: t + lateness,
          }),
        ),
        channel,
      );
    const out = this.engine.advance();
    this.published.push(...out);
    this.decisions.push(...this.engine.takePassengerEvents());
    return out;
  }

  of(type: DisruptionOutput['type']): DisruptionOutput[] {
    return this.published.filter((p) => p.type === type);
  }

  /** `DETECTED`, `UPDATED`, `RESOLVED` of one anchor's disruptions, in order. */
  lifecycleOf(type: DisruptionOutput['type'], anchor: string): string[] {
    return this.of(type)
      .filter((p) => p.disruptionId.startsWith(`${type}/${anchor}/`))
      .map((p) => p.lifecycle);
  }
}
