import type { PositionUpdate } from '@overfly/schemas';

/**
 * The altitude the engine flies by, in metres: barometric, else geometric (GNSS); null
 * when the position has neither. Pressure altitude is what ATC and the FIR's vertical
 * limits use; GNSS is the fallback for sources that report only it. The one place this
 * rule is written.
 */
export function altitudeOf(position: Pick<PositionUpdate, 'baroAltitudeM' | 'geoAltitudeM'>) {
  return position.baroAltitudeM ?? position.geoAltitudeM;
}
