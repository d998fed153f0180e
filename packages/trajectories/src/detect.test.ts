import { describe, expect, it } from 'vitest';
import { parseFormat, sniff } from './detect.js';

describe('format detection', () => {
  it.each([
    ['[{"timestamp":1}]', '', 'traffic-json'],
    ['{"timestamp":{"0":1},"icao24":{"0":"abcdef"}}', '.json', 'traffic-json'],
    ['{"v":1,"icao24":"abcdef"}\n{"v":1}', '.jsonl', 'overfly-jsonl'],
    ['time,icao24,lat,lon,velocity', '.csv', 'opensky-csv'],
    [
      '1480759200,4b1805,46.9,7.4,231.5,58.2,-1.3,SWR123,False,False,False,1000,1,1,1,1',
      '',
      'opensky-csv',
    ],
    ['timestamp,icao24,typecode,callsign,latitude,longitude', '.csv', 'openap-csv'],
  ] as const)('recognises %j as %s', (head, extension, format) => {
    expect(sniff(head, extension)).toBe(format);
  });

  it.each(['hello world', 'a,b,c', '{"not":"columns"}', ''])('does not guess at %j', (head) => {
    expect(sniff(head)).toBeNull();
  });

  it('takes a --format name in any case and refuses an unknown one with its code', () => {
    expect(parseFormat('OpenSky-CSV')).toBe('opensky-csv');
    expect(() => parseFormat('kml')).toThrow(
      expect.objectContaining({ code: 'TRAJECTORIES_UNKNOWN_FORMAT' }),
    );
  });
});
