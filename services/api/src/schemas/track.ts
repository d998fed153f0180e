import type { FromSchema } from 'json-schema-to-ts';

// A position report as the track and time-travel routes answer it: schema and derived type.

export const trackPointSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    icao24: { type: 'string' },
    positionTime: { type: 'integer', description: 'UTC epoch ms' },
    callsign: { type: ['string', 'null'] },
    latitude: { type: 'number' },
    longitude: { type: 'number' },
    baroAltitudeM: { type: ['number', 'null'] },
    geoAltitudeM: { type: ['number', 'null'] },
    onGround: { type: ['boolean', 'null'] },
    velocityMs: { type: ['number', 'null'] },
    trackDeg: { type: ['number', 'null'] },
  },
  required: ['icao24', 'positionTime', 'latitude', 'longitude'],
} as const;

export type TrackPoint = FromSchema<typeof trackPointSchema>;
