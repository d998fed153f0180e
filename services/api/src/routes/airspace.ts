import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import type { FirLayer } from '@overfly/geo';
import type { FromSchema } from 'json-schema-to-ts';
import { problemResponses } from '../server/schemas.js';

/** A FIR boundary point closer than this to the last one kept is dropped: about 5 km. */
const TOLERANCE_DEG = 0.05;

const airspaceSchema = {
  type: 'object',
  properties: {
    firs: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string', description: 'FIR id, e.g. EGTT' },
          name: { type: ['string', 'null'] },
          zone: {
            type: ['string', 'null'],
            description: 'EUROCONTROL charging zone of the FIR (shipped tariff); null: none',
          },
          zoneName: { type: ['string', 'null'] },
          rings: {
            type: 'array',
            description:
              'Boundary rings (outer rings and holes), each a closed flat [lon, lat, lon, lat, …] array in degrees, thinned to about 5 km',
            items: { type: 'array', items: { type: 'number' } },
          },
        },
        required: ['id', 'name', 'zone', 'zoneName', 'rings'],
        additionalProperties: false,
      },
    },
  },
  required: ['firs'],
  additionalProperties: false,
} as const;

export type Airspace = FromSchema<typeof airspaceSchema>;

/** A closed flat ring thinned to `tolerance` degrees, 3 decimals (about 100 m). */
export function thinRing(ring: Float64Array, tolerance = TOLERANCE_DEG): number[] {
  const out: number[] = [];
  const n = ring.length / 2;
  let lx = Number.NaN;
  let ly = Number.NaN;
  for (let i = 0; i < n; i++) {
    const x = ring[2 * i] as number;
    const y = ring[2 * i + 1] as number;
    const last = i === n - 1;
    if (i === 0 || last || (x - lx) ** 2 + (y - ly) ** 2 >= tolerance * tolerance) {
      out.push(Math.round(x * 1000) / 1000, Math.round(y * 1000) / 1000);
      lx = x;
      ly = y;
    }
  }
  return out;
}

/** The FIR layer as the page draws it: boundaries thinned, with each FIR's charging zone. */
export function airspaceOf(
  firs: FirLayer,
  zoneOf: (firId: string) => { zone: string; name: string } | undefined,
): Airspace {
  return {
    firs: firs.firs.map((fir) => {
      const zone = zoneOf(fir.id);
      return {
        id: fir.id,
        name: fir.name,
        zone: zone?.zone ?? null,
        zoneName: zone?.name ?? null,
        rings: firs
          .outline(fir.id)
          .flat()
          .map((ring) => thinRing(ring))
          .filter((ring) => ring.length >= 8),
      };
    }),
  };
}

/**
 * GET /v1/airspace/firs: the FIRs of the api's layer (the one the live stream's `fir=`
 * filters by) with their charging zones, for the globe. Computed once; cached by browsers
 * for an hour, since it changes only with a new layer or tariff.
 */
export function airspaceRoutes(deps: {
  firs: FirLayer;
  zoneOf: (firId: string) => { zone: string; name: string } | undefined;
}): FastifyPluginAsyncJsonSchemaToTs {
  let airspace: Airspace | null = null;
  return async (app) => {
    app.get(
      '/v1/airspace/firs',
      {
        config: { access: 'traffic' },
        schema: {
          tags: ['airspace'],
          summary: 'FIR boundaries and their charging zones, thinned for a map',
          response: { 200: airspaceSchema, ...problemResponses },
        },
      },
      async (_request, reply) => {
        airspace ??= airspaceOf(deps.firs, deps.zoneOf);
        reply.header('cache-control', 'public, max-age=3600');
        return airspace;
      },
    );
  };
}
