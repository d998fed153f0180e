import type { AircraftState, PositionUpdate } from '@overfly/schemas';

/** The latest update of an aircraft as its `flights.state` value. */
export function toAircraftState(
  update: PositionUpdate,
  firstSeen: number,
  updatedAt: number,
): AircraftState {
  const { receivedAt: _received, ...fields } = update;
  return { ...fields, firstSeen, lastSeen: update.positionTime, updatedAt };
}
