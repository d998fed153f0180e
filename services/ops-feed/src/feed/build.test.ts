import { describe, expect, it } from 'vitest';
import { WEATHER_RATE_LIMIT } from '../weather/aviationweather.js';
import { inSimulatedTime } from './build.js';

describe('mock mode’s rate limits', () => {
  it('run in simulated time: an API’s minute of requests per simulated minute', () => {
    expect(inSimulatedTime(WEATHER_RATE_LIMIT, 240)).toEqual({
      maxConcurrent: 2,
      reservoir: 30,
      reservoirRefreshAmount: 30,
      reservoirRefreshInterval: 250,
    });
    expect(inSimulatedTime({ maxConcurrent: 2, minTime: 200 }, 10)).toEqual({
      maxConcurrent: 2,
      minTime: 20,
    });
  });
});
