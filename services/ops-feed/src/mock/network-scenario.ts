// Where mock mode gets its day: packages/scenarios' network scenario compiler and its views
// (network/views.ts), the same day flight-producer's simulate mode flies, so positions,
// schedules, weather and manifests tell one story.
import {
  compileNetworkScenario,
  forecastAt,
  manifestAt,
  type NetworkDay,
  scheduleAt,
  schedulesAt,
  weatherAt,
} from '@overfly/scenarios';
import { OpsFeedError } from '../errors.js';
import type { ScenarioSource } from './scenario-source.js';

/** Compiles a built-in network scenario (or a path); a bad one stops start-up naming why. */
export function loadNetworkScenario(
  name: string,
  options: { seed?: number | undefined; start: number },
): ScenarioSource<NetworkDay> {
  let day: NetworkDay;
  try {
    day = compileNetworkScenario(name, {
      start: options.start,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
    });
  } catch (cause) {
    throw new OpsFeedError(
      'OPS_FEED_SCENARIO_UNAVAILABLE',
      `${name}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
  return { day, views: { scheduleAt, schedulesAt, manifestAt, weatherAt, forecastAt } };
}
