import type { FromSchema } from 'json-schema-to-ts';
import { nullableInteger, nullableString, pointSchema } from '../server/schemas.js';

// A FIR crossing as the api answers it: the JSON Schema the routes validate and document
// with, and the TypeScript type derived from it (never written twice).

export const crossingSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    crossingId: { type: 'string' },
    flightId: { type: 'string' },
    icao24: { type: 'string' },
    callsign: nullableString,
    operator: { ...nullableString, description: 'ICAO designator the callsign names' },
    firId: { type: 'string' },
    firName: nullableString,
    status: { type: 'string', enum: ['PROVISIONAL', 'FINAL', 'UNKNOWN'] },
    sequence: { type: 'integer', description: '1-based order of this FIR within the flight' },
    entryTime: { type: 'integer', description: 'UTC epoch ms' },
    exitTime: { ...nullableInteger, description: 'UTC epoch ms; null while PROVISIONAL' },
    entry: pointSchema,
    exit: { anyOf: [pointSchema, { type: 'null' }] },
    greatCircleDistanceKm: { type: 'number' },
    flownDistanceKm: { type: 'number' },
    departureAirport: { ...nullableString, description: 'Take-off inside this FIR' },
    arrivalAirport: { ...nullableString, description: 'Landing inside this FIR' },
    exitReason: nullableString,
    nextFirId: nullableString,
    source: { type: 'string' },
    producedAt: { type: 'integer', description: 'UTC epoch ms' },
  },
  required: [
    'crossingId',
    'flightId',
    'icao24',
    'callsign',
    'operator',
    'firId',
    'firName',
    'status',
    'sequence',
    'entryTime',
    'exitTime',
    'entry',
    'exit',
    'greatCircleDistanceKm',
    'flownDistanceKm',
    'departureAirport',
    'arrivalAirport',
    'exitReason',
    'nextFirId',
    'source',
    'producedAt',
  ],
} as const;

export type Crossing = FromSchema<typeof crossingSchema>;
