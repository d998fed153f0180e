import { type CodeOf, defineErrors, OverflyError } from '@overfly/errors';

/**
 * Every error this package raises, declared once. All are about bad input (a FIR file or
 * an airport table), so none is retriable: reading the same bytes again fails the same way.
 */
export const geoErrors = defineErrors('GEO', {
  GEOJSON_NOT_FEATURE_COLLECTION: {
    message: 'the FIR GeoJSON is not a FeatureCollection with a features array',
    retriable: false,
  },
  GEOJSON_FEATURE_INVALID: {
    message: 'a FIR feature is not a GeoJSON Feature object',
    retriable: false,
  },
  GEOJSON_ID_MISSING: {
    message: 'a FIR feature has no id (properties.id or Feature.id, a non-empty string)',
    retriable: false,
  },
  GEOJSON_GEOMETRY_UNSUPPORTED: {
    message: 'a FIR feature geometry is not a Polygon or MultiPolygon',
    retriable: false,
  },
  GEOJSON_COORDINATES_INVALID: {
    message: 'a FIR feature has a coordinate that is not a finite [lon, lat] within range',
    retriable: false,
  },
  GEOJSON_RING_TOO_SHORT: {
    message: 'a FIR feature has a ring with fewer than 3 distinct positions',
    retriable: false,
  },
  POSITION_INVALID: {
    message:
      'a position to look up has a latitude that is not a number in [-90, 90] or a longitude that is not finite',
    retriable: false,
  },
  OPTION_INVALID: {
    message: 'a layer option is out of range',
    retriable: false,
  },
  LAYER_EMPTY: {
    message: 'no FIR feature is left in the layer after include/exclude',
    retriable: false,
  },
  FILE_UNREADABLE: {
    message: 'the data file could not be read or parsed',
    retriable: false,
  },
  AIRPORTS_INVALID: {
    message: 'the airport table has a malformed row',
    retriable: false,
  },
});

export type GeoErrorCode = CodeOf<typeof geoErrors>;

/** Where in the input the problem is, so a user can find the feature in their file. */
export interface GeoErrorLocation {
  featureIndex?: number;
  featureId?: string;
  path?: string;
  line?: number;
}

export class GeoError extends OverflyError<GeoErrorCode> {
  override name = 'GeoError';
  readonly featureIndex: number | undefined;
  readonly featureId: string | undefined;

  constructor(
    code: GeoErrorCode,
    detail?: string,
    options?: { cause?: unknown; location?: GeoErrorLocation },
  ) {
    const where = describeLocation(options?.location);
    const text = [detail, where].filter(Boolean).join(' ');
    super(geoErrors.entry(code), text || undefined, { cause: options?.cause });
    this.featureIndex = options?.location?.featureIndex;
    this.featureId = options?.location?.featureId;
  }
}

function describeLocation(location: GeoErrorLocation | undefined): string {
  if (!location) return '';
  const parts: string[] = [];
  if (location.featureIndex !== undefined) parts.push(`feature #${location.featureIndex}`);
  if (location.featureId !== undefined) parts.push(`id ${location.featureId}`);
  if (location.path !== undefined) parts.push(location.path);
  if (location.line !== undefined) parts.push(`line ${location.line}`);
  return parts.length > 0 ? `(${parts.join(', ')})` : '';
}
