import type { AirportIndex, FirLayer } from '@overfly/geo';
import type { TrackConfig } from './config.js';
import { TrackEngine } from './engine.js';
import type { CrossingRecord, EngineOutput, FlightEventRecord, TrackedPosition } from './types.js';

/**
 * A recording through the engine: positions in the order given (put them in time order
 * first), then, unless told not to, a flush: a recording has an end, a stream does not,
 * so every flight is closed FINAL. The one offline core of `pnpm overfly crossings` and of
 * back-billing.
 */
export async function crossingsOf(
  positions: AsyncIterable<TrackedPosition>,
  deps: { layer: FirLayer; airports: AirportIndex },
  emit: { crossing(c: CrossingRecord): void; event(e: FlightEventRecord): void },
  options: { flush?: boolean; track?: Partial<TrackConfig> } = {},
): Promise<{ rows: number; rejected: number }> {
  const engine = new TrackEngine(deps, options.track);
  let rows = 0;
  let rejected = 0;
  const out: EngineOutput = {
    crossing: (c) => emit.crossing(c),
    event: (e) => emit.event(e),
    rejected: () => {
      rejected++;
    },
  };
  for await (const position of positions) {
    rows++;
    engine.ingest(position, out);
  }
  if (options.flush ?? true) engine.flush(out);
  return { rows, rejected };
}
