import { describe, expect, it } from 'vitest';
import { subjectFor, topicCatalogue, valueTypeFor } from './catalogue.js';
import { type TopicName, type TopicValue, topicNames } from './generated/topics.js';
import { chargeStatusSymbols } from './generated/types.js';

const at = Date.UTC(2025, 2, 14, 12, 0, 0);

// Hand-written values typed by the generated types: tsc proves the types match what
// the schemas say, and the round trip proves avsc agrees.
const samples: { [T in TopicName]?: TopicValue[T] } = {
  'flights.updates': {
    icao24: '4b1805',
    callsign: 'SWR123',
    originCountry: 'Switzerland',
    positionTime: at,
    lastContact: at + 200,
    latitude: 47.4647,
    longitude: 8.5492,
    baroAltitudeM: 10972.8,
    geoAltitudeM: null,
    onGround: false,
    velocityMs: 231.5,
    trackDeg: 271.2,
    verticalRateMs: 0,
    squawk: '1000',
    source: 'OPENSKY_LIVE',
    receivedAt: at + 1500,
  },
  'charges.calculated': {
    chargeId: 'chg-1',
    crossingId: 'x-1',
    flightId: 'f-1',
    icao24: '4b1805',
    callsign: 'SWR123',
    operatorIcao: 'SWR',
    aircraftType: 'A320',
    mtowKg: 78000,
    mtowSource: 'EASA TCDS A.064',
    firId: 'EDGG',
    chargingZone: 'ED',
    flightDate: 20161,
    tariffMonth: '2025-03',
    distanceKm: 412.3,
    distanceBasis: 'GREAT_CIRCLE',
    distanceFactor: 4.12,
    weightFactor: 1.25,
    serviceUnits: 5.15,
    unitRate: { amountMinor: 6307, currency: 'EUR' },
    unitRateSource: 'CRCO unit rates 2025-03',
    exchangeRate: null,
    exchangeRateSource: null,
    amount: { amountMinor: 32481, currency: 'EUR' },
    tariffVersion: '2025-03.v1',
    status: 'PRICED',
    exemptionCode: null,
    reason: null,
    calculatedAt: at,
    passage: null,
  },
  'system.metrics': {
    service: 'fee-calculator',
    instance: 'host-1/4242',
    takenAt: at,
    samples: [
      {
        name: 'overfly_messages_consumed_total',
        kind: 'COUNTER',
        labels: { topic: 'fir.crossings' },
        value: 42,
      },
      { name: 'overfly_lag', kind: 'GAUGE', labels: {}, value: 0.5 },
    ],
  },
  'scenario.control': {
    commandId: '0b7e4d7a-6f1e-4f7e-9a51-2f3f6c1d9e10',
    action: 'START',
    scenario: 'network-weather-hub',
    seed: null,
    startTime: at,
    speed: 10,
    issuedAt: at,
    issuedBy: 'ops@localhost',
  },
  'dead.letter': {
    sourceTopic: 'fir.crossings',
    sourcePartition: 3,
    sourceOffset: '9007199254740993',
    originalKey: Buffer.from('4b1805'),
    originalValue: Buffer.from([0, 0, 0, 0, 7, 1, 2, 3]),
    originalHeaders: { 'x-trace': 'abc' },
    service: 'fee-calculator',
    errorCode: 'OVF_KAFKA_DESERIALIZE',
    errorMessage: 'bad bytes',
    retriable: false,
    attempts: 1,
    failedAt: at,
  },
};

describe('value schemas', () => {
  it.each(topicNames)('round-trips a random %s value through avsc', (topic) => {
    const type = valueTypeFor(topic);
    const value: unknown = type.random();
    expect(type.fromBuffer(type.toBuffer(value))).toEqual(value);
  });

  it.each(Object.entries(samples))('round-trips a typed %s sample', (topic, sample) => {
    const type = valueTypeFor(topic as TopicName);
    expect(type.isValid(sample)).toBe(true);
    expect(type.fromBuffer(type.toBuffer(sample))).toEqual(sample);
  });

  it('fills an optional field left out by the writer with null', () => {
    const type = valueTypeFor('flights.updates');
    const { callsign: _dropped, ...rest } = samples['flights.updates'] ?? {};
    expect(type.fromBuffer(type.toBuffer(rest)).callsign).toBeNull();
  });

  it('names subjects after the topic (TopicNameStrategy)', () => {
    expect(subjectFor('fir.crossings')).toBe('fir.crossings-value');
  });

  it('compacts only the state topics, each keyed by what its state is of', () => {
    const compacted = topicCatalogue.filter((topic) => topic.cleanupPolicy === 'compact');
    expect(compacted.map((topic) => topic.name).sort()).toEqual([
      'disruption-correlator.state',
      'fee-calculator.state',
      'fir-analyser.state',
      'flights.state',
      'scenario.control',
    ]);
    // The correlator's state is one snapshot of the whole network (chunks and a checkpoint);
    // scenario.control's is the command in force for the one simulated world.
    for (const topic of compacted)
      expect(topic.key.description).toMatch(/icao24|flightId|checkpoint|simulation/);
  });

  it('exports enum symbols in schema order', () => {
    expect(chargeStatusSymbols).toEqual(['PRICED', 'EXEMPT', 'UNPRICED', 'UNKNOWN']);
  });
});
