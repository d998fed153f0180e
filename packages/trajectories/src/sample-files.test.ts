import { describe, expect, it } from 'vitest';
import { dataFile } from '../../../tests/support/data-files.js';
import { countBy, readAll } from './test-support/read-all.js';
import { MS_PER_KNOT } from './units.js';

// Row counts from data/trajectories/NOTICE.md and the sources' descriptions; every row is
// reported, accepted or not.
describe('the bundled trajectory samples', () => {
  it('reads elal747 (traffic records) as 2,110 valid positions of one aircraft', async () => {
    const { format, accepted, positions, rejected } = await readAll(
      dataFile('trajectories/elal747.json.gz'),
    );
    expect(format).toBe('traffic-json');
    expect(rejected).toEqual([]);
    expect(positions).toHaveLength(2_110);
    expect(new Set(positions.map((p) => p.icao24))).toEqual(new Set(['738043']));
    expect(accepted[0]?.line).toBe(1);
    expect(accepted.at(-1)?.line).toBe(2_110);
  });

  it('reads noisy_spoofing (pandas orient=columns) as 8,681 rows, 11 without a position', async () => {
    const { total, positions, rejected } = await readAll(
      dataFile('trajectories/noisy_spoofing.json.gz'),
    );
    expect(total).toBe(8_681);
    expect(countBy(rejected, (r) => r.reason)).toEqual({ MISSING_POSITION: 11 });
    expect(positions[0]).toMatchObject({
      icao24: '4baac6',
      callsign: 'THY9BP',
      // Timed by the row's last_position (the position's own time); its timestamp (when
      // the row was sampled, 2.9 s later) is when the aircraft was last heard.
      positionTime: 1726560263061,
      lastContact: 1726560266000,
    });
    // Rows come in pandas index order (0, 1, 2 … not "0", "1", "10" …).
    const times = positions.map((p) => p.positionTime);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('reads savan as 193,447 rows and reports its 128 null positions as invalid', async () => {
    const { total, rejected, positions } = await readAll(dataFile('trajectories/savan.json.gz'));
    expect(total).toBe(193_447);
    expect(countBy(rejected, (r) => r.reason)).toEqual({ MISSING_POSITION: 128 });
    // squawk 4720.0 in the file (pandas float) is the Mode A code "4720".
    expect(positions[0]).toMatchObject({ squawk: '4720', onGround: false, callsign: 'SAVAN17' });
    expect(positions[0]?.geoAltitudeM).toBeCloseTo(12_250 * 0.3048, 9);
  });

  it('reads switzerland as 139,098 rows; its flights are not in time order per aircraft', async () => {
    const strict = await readAll(dataFile('trajectories/switzerland.json.gz'));
    expect(strict.total).toBe(139_098);
    // The sample is ordered by flight, and 187 times an aircraft's later-listed flight is
    // hours earlier: those flights are rejected by the default 60 s tolerance…
    expect(countBy(strict.rejected, (r) => r.reason)).toEqual({ TIME_NOT_MONOTONIC: 23_683 });
    expect(new Set(strict.positions.map((p) => p.icao24)).size).toBe(842);
    // …and all accepted when the caller turns the check off.
    const lax = await readAll(dataFile('trajectories/switzerland.json.gz'), {
      maxBackwardsMs: null,
    });
    expect(lax.positions).toHaveLength(139_098);
  });

  it('reads dreamliner_airfrance as 17,910 positions of two aircraft', async () => {
    const { positions, rejected } = await readAll(
      dataFile('trajectories/dreamliner_airfrance.json.gz'),
    );
    expect(rejected).toEqual([]);
    expect(positions).toHaveLength(17_910);
    expect(countBy(positions, (p) => p.icao24)).toMatchObject({ '39c424': expect.any(Number) });
    expect(new Set(positions.map((p) => p.icao24))).toEqual(new Set(['39c424', '3900fb']));
  });

  it('reads the openap a319 CSV as 116 positions with ISO times and traffic units', async () => {
    const { format, accepted, positions, rejected } = await readAll(
      dataFile('trajectories/flight_a319_opensky.csv'),
    );
    expect(format).toBe('openap-csv');
    expect(rejected).toEqual([]);
    expect(positions).toHaveLength(116);
    // Line 2: 2018-01-02 19:53:00+00:00,3946e9,a319,AFR91HL,…,8200.0 ft,255.0 kt,327.80…,1920.0 ft/min
    const first = positions[0];
    expect(accepted[0]?.line).toBe(2);
    expect(first?.positionTime).toBe(Date.UTC(2018, 0, 2, 19, 53, 0));
    expect(first?.baroAltitudeM).toBeCloseTo(2_499.36, 9);
    expect(first?.velocityMs).toBeCloseTo(255 * MS_PER_KNOT, 9);
    expect(first?.verticalRateMs).toBeCloseTo(9.7536, 9);
    expect(first).toMatchObject({
      icao24: '3946e9',
      callsign: 'AFR91HL',
      latitude: 49.085861206054695,
    });
  });

  it('converts a known elal747 row from ft, kt and ft/min to SI', async () => {
    const { accepted } = await readAll(dataFile('trajectories/elal747.json.gz'));
    // Row 1,000 as the file has it, converted by hand with 1 ft = 0.3048 m and 1 kt = 1852/3600 m/s.
    const row = accepted.find((r) => r.line === 1_000)?.position;
    expect(row).toBeDefined();
    // {"timestamp":1572783280000,"latitude":33.9469145,"longitude":29.511996,"groundspeed":429.0,
    //  "track":117.0,"vertical_rate":-2880.0,"callsign":"ELY1747","squawk":"1203","altitude":14725.0}
    expect(row).toMatchObject({
      icao24: '738043',
      positionTime: 1_572_783_280_000,
      // The file gives no time of last contact: it is the position's own time.
      lastContact: 1_572_783_280_000,
      latitude: 33.9469145,
      longitude: 29.511996,
      trackDeg: 117,
      callsign: 'ELY1747',
      squawk: '1203',
      geoAltitudeM: null,
      onGround: null,
    });
    expect(row?.baroAltitudeM).toBeCloseTo(4_488.18, 9); // 14,725 ft
    expect(row?.velocityMs).toBeCloseTo(220.696_666_666_7, 9); // 429 kt
    expect(row?.verticalRateMs).toBeCloseTo(-14.6304, 9); // -2,880 ft/min
  });
});
