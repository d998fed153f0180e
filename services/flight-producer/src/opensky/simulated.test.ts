import { describe, expect, it, onTestFinished } from 'vitest';
import { createOpenSkyClient } from './client.js';
import type { OpenSkyClientOptions } from './types.js';

const ALPS = { lamin: 44, lomin: 5, lamax: 49, lomax: 15 };

function mockClient(options: OpenSkyClientOptions) {
  const client = createOpenSkyClient({ mode: 'mock', ...options });
  onTestFinished(() => client.close());
  return client;
}

describe('OpenSky mock mode (simulated traffic)', () => {
  it('serves the same simulated states for the same seed and clock, with no network', async () => {
    const now = () => Date.UTC(2025, 0, 1, 12, 0, 7);
    // An unreachable base URL proves nothing goes over the wire.
    const options = { baseUrl: 'http://127.0.0.1:9/api', now, mock: { seed: 7 } };
    const a = await mockClient(options).fetchStates(ALPS);
    const b = await mockClient(options).fetchStates(ALPS);

    expect(a.states.length).toBeGreaterThan(0);
    expect(a).toEqual(b);
    expect(a.time).toBe(Date.UTC(2025, 0, 1, 12) / 1000); // floored to 10 s like anonymous data
  });

  it('marks every aircraft as simulated and keeps it inside the requested box', async () => {
    const result = await mockClient({ now: () => Date.UTC(2025, 0, 1, 12) }).fetchStates(ALPS);

    for (const state of result.states) {
      expect(state.originCountry).toBe('Simulated');
      expect(state.callsign).toMatch(/^SIM\d{4}$/);
      expect(state.icao24).toMatch(/^ff[0-9a-f]{4}$/);
      expect(state.latitude).toBeGreaterThanOrEqual(ALPS.lamin);
      expect(state.latitude).toBeLessThanOrEqual(ALPS.lamax);
      expect(state.longitude).toBeGreaterThanOrEqual(ALPS.lomin);
      expect(state.longitude).toBeLessThanOrEqual(ALPS.lomax);
    }
  });

  it('moves the aircraft as the clock advances', async () => {
    let clock = Date.UTC(2025, 0, 1, 12);
    const client = mockClient({ now: () => clock, mock: { aircraft: 20 } });
    const europe = { lamin: 35, lomin: -10, lamax: 60, lomax: 30 };

    const before = await client.fetchStates(europe);
    clock += 60_000;
    const after = await client.fetchStates(europe);

    const flying = before.states.find((s) => !s.onGround);
    const later = after.states.find((s) => s.icao24 === flying?.icao24);
    expect(later?.latitude).not.toBe(flying?.latitude);
    expect(after.time - before.time).toBe(60);
  });

  it('still accounts credits, as live mode would, with no allowance unless one is asked for', async () => {
    const client = mockClient({});
    await client.fetchStates(ALPS); // 50 sq deg: 2 credits
    expect(client.creditsUsed()).toBe(2);
    // A demo on simulated traffic must not stop when an anonymous day's 400 credits run out.
    expect(client.creditsLeft()).toBeNull();
    const anonymous = mockClient({ accountType: 'anonymous' });
    await anonymous.fetchStates(ALPS);
    expect(anonymous.creditsLeft()).toBe(398);
  });
});
