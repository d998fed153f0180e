import type {
  CorrelatorManifest,
  CorrelatorPendingInput,
  CorrelatorSchedule,
  CorrelatorTrackEvent,
  CorrelatorWeather,
} from '@overfly/schemas';

/** One input, reduced to what the patterns read (inputs/normalize.ts builds it). */
export type EngineInput =
  | { kind: 'schedule'; schedule: CorrelatorSchedule }
  | { kind: 'event'; event: CorrelatorTrackEvent }
  | { kind: 'weather'; weather: CorrelatorWeather }
  | { kind: 'manifest'; manifest: CorrelatorManifest };

/** An input waiting for the watermark, with the partition it came from. */
export interface PendingInput {
  channel: string;
  input: EngineInput;
}

/** The time the input speaks of: what the watermark and the windows measure. */
export function eventTimeOf(input: EngineInput): number {
  switch (input.kind) {
    case 'schedule':
      return input.schedule.updatedAt;
    case 'event':
      return input.event.occurredAt;
    case 'weather':
      return input.weather.observedAt;
    case 'manifest':
      return input.manifest.snapshotAt;
  }
}

const KIND_ORDER = { schedule: 0, manifest: 1, weather: 2, event: 3 } as const;

/** A stable identity of the input, so that ties in event time are broken the same way. */
function identityOf(input: EngineInput): string {
  switch (input.kind) {
    case 'schedule':
      return input.schedule.scheduleId;
    case 'event':
      return input.event.eventId;
    case 'weather':
      return input.weather.observationId;
    case 'manifest':
      return input.manifest.manifestId;
  }
}

/**
 * The order inputs are applied in within an evaluation step: event time, then schedules
 * before manifests before weather before flight events (a flight's leg is known before its
 * events), then identity. It depends on the inputs alone, never on how the partitions'
 * messages interleaved, so every run applies them the same way.
 */
export function compareInputs(a: EngineInput, b: EngineInput): number {
  return (
    eventTimeOf(a) - eventTimeOf(b) ||
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
    compareText(identityOf(a), identityOf(b)) ||
    // The same identity twice (a schedule updated at the same instant, a record sent
    // again): order by content, so which one is applied last does not depend on arrival.
    compareText(JSON.stringify(a), JSON.stringify(b))
  );
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function toPendingRecord(p: PendingInput): CorrelatorPendingInput {
  const { input } = p;
  return {
    channel: p.channel,
    schedule: input.kind === 'schedule' ? input.schedule : null,
    event: input.kind === 'event' ? input.event : null,
    weather: input.kind === 'weather' ? input.weather : null,
    manifest: input.kind === 'manifest' ? input.manifest : null,
  };
}

export function fromPendingRecord(r: CorrelatorPendingInput): PendingInput {
  const input: EngineInput | null = r.schedule
    ? { kind: 'schedule', schedule: r.schedule }
    : r.event
      ? { kind: 'event', event: r.event }
      : r.weather
        ? { kind: 'weather', weather: r.weather }
        : r.manifest
          ? { kind: 'manifest', manifest: r.manifest }
          : null;
  if (input === null) throw new Error(`pending input from ${r.channel} carries nothing`);
  return { channel: r.channel, input };
}
