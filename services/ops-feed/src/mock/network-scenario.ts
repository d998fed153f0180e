// Where mock mode gets its day: packages/scenarios' network scenario compiler and views
// (network/views.ts). This build of packages/scenarios does not provide them yet, so mock
// mode stops at start-up with OPS_FEED_SCENARIO_UNAVAILABLE naming what is missing; the
// service's tests serve a hand-made day (test-support/fixture-day.ts) through the same
// ScenarioSource.
import { OpsFeedError } from '../errors.js';
import type { ScenarioSource } from './scenario-source.js';

export function loadNetworkScenario(
  name: string,
  options: { seed?: number | undefined; start: number },
): ScenarioSource {
  throw new OpsFeedError(
    'OPS_FEED_SCENARIO_UNAVAILABLE',
    `${name} (seed ${options.seed ?? 'default'}, start ${new Date(options.start).toISOString()}): packages/scenarios has no compileNetworkScenario in this build`,
  );
}
