import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileScenario } from './compile.js';
import { ScenarioError } from './errors.js';
import { loadScenario } from './load.js';
import { parseScenario } from './parse.js';

const flight = { kind: 'scripted', origin: 'LFPG', destination: 'ESSA' };
const valid = { seed: 7, start: '2024-09-17T08:00:00Z', duration: '3h', flights: [flight] };

/** The ScenarioError a document raises, parsed and compiled. */
function errorOf(document: unknown, options = {}): ScenarioError {
  try {
    compileScenario(parseScenario(document, 'test.json'), options, 'test.json');
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error('the scenario was accepted');
}

const issues = (document: unknown) =>
  errorOf(document).issues.map((i) => `${i.path}: ${i.message}`);

describe('a bad scenario document', () => {
  it('names a misspelt field', () => {
    const error = errorOf({ ...valid, flights: [{ ...flight, orign: 'LFPG' }] });
    expect(error.code).toBe('SCENARIOS_INVALID');
    expect(error.message).toContain('flights[0].orign: unknown field');
  });

  it('names a missing or mistyped field', () => {
    expect(issues({ ...valid, seed: 'seven', duration: undefined })).toEqual([
      'seed: Expected number, received string',
      'duration: required (string)',
    ]);
  });

  it('says what a duration looks like', () => {
    expect(issues({ ...valid, duration: '3 hours' })).toEqual([
      'duration: expected the scenario length like "90s", "45m" or "1h30m", got "3 hours"',
    ]);
  });

  it('lists the kinds of flights there are', () => {
    expect(issues({ ...valid, flights: [{ kind: 'random' }] })).toEqual([
      'flights[0].kind: expected one of "scripted", "generated"',
    ]);
  });

  it('names an airport that is not in the bundled table, and a malformed code', () => {
    expect(issues({ ...valid, flights: [{ ...flight, destination: 'ZZZZ' }] })).toEqual([
      'flights[0].destination: unknown airport "ZZZZ" (not in data/airports/airports.csv)',
    ]);
    expect(issues({ ...valid, flights: [{ ...flight, origin: 'cdg' }] })).toEqual([
      'flights[0].origin: expected a 4-character ICAO airport code like "LFPG"',
    ]);
  });

  it('refuses a type that contradicts the registry', () => {
    expect(issues({ ...valid, flights: [{ ...flight, icao24: '3946e9', type: 'B738' }] })).toEqual([
      'flights[0].type: icao24 3946e9 is registered as A319 in data/aircraft/registry.csv, not B738',
    ]);
  });

  it('refuses a diversion while the aircraft is still at the gate', () => {
    const events = [{ type: 'diversion', at: '1m', to: 'EKCH' }];
    expect(issues({ ...valid, flights: [{ ...flight, events }] })).toEqual([
      expect.stringMatching(
        /^flights\[0\]\.events\[0\]\.at: the flight is not in the air then; it is from \d+m\d+s to \d+h\d+m\d+s after the start$/,
      ),
    ]);
  });

  it('names an unknown event type', () => {
    const events = [{ type: 'engine_fire', at: '1h' }];
    expect(issues({ ...valid, flights: [{ ...flight, events }] })).toEqual([
      'flights[0].events[0].type: expected one of "position_gap", "diversion", "return_to_origin", "holding", "go_around"',
    ]);
  });

  it('wants exactly one of airports or region in a generated group', () => {
    const group = {
      kind: 'generated',
      count: 3,
      airports: ['LFPG', 'EGLL'],
      region: { lamin: 40, lomin: 0, lamax: 50, lomax: 10 },
    };
    expect(issues({ ...valid, flights: [group] })).toEqual([
      'flights[0]: give exactly one of "airports" or "region"',
    ]);
  });

  it('says when no two airports of a group are far enough apart', () => {
    const group = { kind: 'generated', count: 3, airports: ['LFPG', 'LFPO'] };
    expect(issues({ ...valid, flights: [group] })).toEqual([
      'flights[0].airports: no two of its 2 airports are 200–13000 km apart',
    ]);
  });

  it('reports every problem at once', () => {
    expect(issues({ seed: -1, duration: '1h', flights: [], extra: true })).toEqual([
      'seed: Number must be greater than or equal to 0',
      'flights: Array must contain at least 1 element(s)',
      'extra: unknown field',
    ]);
  });
});

describe('the start time', () => {
  const { start: _start, ...undated } = valid;

  it('comes from the scenario, unless the caller gives one', () => {
    expect(compileScenario(parseScenario(valid)).start).toBe(Date.parse('2024-09-17T08:00:00Z'));
    expect(compileScenario(parseScenario(valid), { start: 1_000 }).start).toBe(1_000);
  });

  it('is never "now" unless the caller says so', () => {
    expect(errorOf(undated).code).toBe('SCENARIOS_START_MISSING');
  });

  it('must carry its zone', () => {
    expect(issues({ ...valid, start: '2024-09-17T08:00:00' })).toEqual([
      'start: expected an ISO 8601 time with its zone, like "2024-09-17T08:00:00Z"',
    ]);
  });
});

describe('loading a scenario', () => {
  it('names the built-ins when the name is not one of them', () => {
    expect(() => loadScenario('nowhere-day')).toThrow(
      /no built-in scenario has that name[\s\S]*a319-diversion, a319-holding, a319-north/,
    );
  });

  it('reads a file, and says when it is not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'overfly-scenario-'));
    const good = join(dir, 'mine.json');
    writeFileSync(good, JSON.stringify({ ...valid, name: 'mine' }));
    expect(loadScenario(good).name).toBe('mine');
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ "seed": 1,');
    expect(() => loadScenario(bad)).toThrow(
      expect.objectContaining({ code: 'SCENARIOS_UNREADABLE' }),
    );
  });
});
