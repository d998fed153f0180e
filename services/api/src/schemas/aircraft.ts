import type { FromSchema } from 'json-schema-to-ts';

// An aircraft as the api answers it: the JSON Schema and the type derived from it.

const nullable = <T extends 'string' | 'number' | 'boolean'>(type: T) =>
  ({ type: [type, 'null'] }) as const;

export const aircraftSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'An aircraft as flights.state last had it',
  properties: {
    icao24: { type: 'string', description: 'ICAO 24-bit transponder address, hex' },
    callsign: nullable('string'),
    operator: { ...nullable('string'), description: 'ICAO designator from the callsign' },
    originCountry: nullable('string'),
    latitude: { type: 'number' },
    longitude: { type: 'number' },
    baroAltitudeM: nullable('number'),
    geoAltitudeM: nullable('number'),
    onGround: nullable('boolean'),
    velocityMs: nullable('number'),
    trackDeg: nullable('number'),
    verticalRateMs: nullable('number'),
    squawk: nullable('string'),
    source: { type: 'string' },
    positionTime: { type: 'integer', description: 'UTC epoch ms of the position' },
    lastContact: { type: 'integer' },
    updatedAt: { type: 'integer' },
  },
  required: [
    'icao24',
    'latitude',
    'longitude',
    'source',
    'positionTime',
    'lastContact',
    'updatedAt',
  ],
} as const;

export type Aircraft = FromSchema<typeof aircraftSchema>;
