import { defaultAirports, defaultFirLayer } from '@overfly/geo';
import { describe, expect, it } from 'vitest';
import { TrackEngine } from './engine.js';
import { collector } from './test-support/collect.js';
import { readSample } from './test-support/trajectories.js';

/** The HOLDING, GO_AROUND and RETURN_TO_ORIGIN events of a sample: type, callsign, start (UTC). */
async function manoeuvresOf(path: string): Promise<string[]> {
  const engine = new TrackEngine({ layer: defaultFirLayer(), airports: defaultAirports() });
  const out = collector();
  for (const p of await readSample(path)) engine.ingest(p, out);
  engine.flush(out);
  return out.events
    .filter((e) => e.type === 'HOLDING' || e.type === 'GO_AROUND' || e.type === 'RETURN_TO_ORIGIN')
    .map((e) => `${e.type} ${e.callsign} ${new Date(e.occurredAt).toISOString().slice(0, 16)}`);
}

// Counts verified by plotting each track (lon/lat coloured by altitude) around every event
// found, and around every low pass and every circle the samples hold.
describe('manoeuvres found in the real samples', () => {
  it('finds in the Air France B787 flight and its chase plane over southern France three level patterns, and the B787’s return to Paris', async () => {
    // AFR787V took off from LFPG and came back to it after 3 h 39 min, 639 km away at the
    // farthest: a planned round trip, and by the track a return to origin (the correlator
    // tells planned from unplanned by the schedule). Over Languedoc, at 9,000–10,500 ft, it
    // flew a 2-minute orbit near Nîmes (14:17) and, near Béziers, an orbit followed by a
    // racetrack lap (14:56–15:08); its TBM chase plane FWKDL flew a 20 × 9 km racetrack lap
    // at 10,000 ft beside it (15:04–15:11). Each is a level pattern closed on itself, what a
    // holding looks like, so each is one. Its other turns (an 8,000-ft loop of 50 km at
    // 14:00–14:10, the 180° turns of its long legs) are not.
    expect(await manoeuvresOf('trajectories/dreamliner_airfrance.json.gz')).toEqual([
      'HOLDING AFR787V 2017-12-01T14:17',
      'HOLDING AFR787V 2017-12-01T14:55',
      'HOLDING FWKDL 2017-12-01T15:07',
      'RETURN_TO_ORIGIN AFR787V 2017-12-01T16:26',
    ]);
  });

  it('finds nothing in the airliners between two airports: El Al 747, the spoofed THY9BP, the OpenAP A319', async () => {
    expect(await manoeuvresOf('trajectories/elal747.json.gz')).toEqual([]);
    expect(await manoeuvresOf('trajectories/noisy_spoofing.json.gz')).toEqual([]);
    expect(await manoeuvresOf('trajectories/flight_a319_opensky.csv')).toEqual([]);
  });

  it('finds nothing in the Swiss sample, clipped above FL300, where no one holds', async () => {
    expect(await manoeuvresOf('trajectories/switzerland.json.gz')).toEqual([]);
  });

  it('finds nothing in the savan calibration flights: long legs, and each day split into flights that land elsewhere than they took off', async () => {
    // savan's flights fly long straight legs at FL200–FL220 joined by single turns (no full
    // turn within 15 minutes anywhere), and each day's departure from LFBO and return to it
    // fall in different flights of the engine (split by gaps of more than 10 minutes), so no
    // landing is at its own flight's take-off aerodrome; the one flight that is whole goes
    // LFMV → LFPB.
    expect(await manoeuvresOf('trajectories/savan.json.gz')).toEqual([]);
  });
});
