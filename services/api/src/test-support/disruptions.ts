import type { DisruptionEvent, PassengerEvent } from '@overfly/schemas';

/**
 * A disruption.events value: revision `revision` of `disruptionId`, as the correlator
 * publishes it (eventId '<disruptionId>#<revision>'); `over` sets what a test is about.
 */
export function disruptionEvent(
  disruptionId: string,
  revision: number,
  over: Partial<DisruptionEvent> = {},
): DisruptionEvent {
  const windowStart = over.windowStart ?? Date.UTC(2026, 2, 4, 12);
  return {
    eventId: `${disruptionId}#${revision}`,
    disruptionId,
    type: 'DELAY',
    severity: 'MEDIUM',
    lifecycle: revision === 1 ? 'DETECTED' : 'UPDATED',
    summary: `${disruptionId} revision ${revision}`,
    airportIcao: 'EGLL',
    operatorIcao: 'BAW',
    rootCauseScheduleId: null,
    weatherObservationId: null,
    affectedFlights: [
      {
        scheduleId: 'BAW117-20260304-EGLL',
        flightNumber: 'BA117',
        flightId: null,
        departureAirport: 'EGLL',
        arrivalAirport: 'KJFK',
        expectedArrivalDelayMinutes: 45 * revision,
        cancelled: false,
        passengerCount: 180,
      },
    ],
    eu261Relevant: true,
    extraordinaryCircumstances: false,
    eu261Note: 'departure from the EU',
    correlatedEventIds: [`fe-${revision}`],
    windowStart,
    windowEnd: windowStart + revision * 60_000,
    detectedAt: windowStart + revision * 60_000,
    confidence: 0.8,
    positions: [],
    optionCosts: [],
    ...over,
  };
}

/** A passenger.events value: decision `type` about passenger `passengerId` on `disruptionId`. */
export function passengerEvent(
  passengerId: string,
  disruptionId: string,
  type: PassengerEvent['type'],
  occurredAt: number,
  over: Partial<PassengerEvent> = {},
): PassengerEvent {
  return {
    eventId: `${disruptionId}/${passengerId}/${type}#1`,
    passengerId,
    bookingId: `B-${passengerId}`,
    contactRef: `C-${passengerId}`,
    disruptionId,
    scheduleId: 'BAW117-20260304-EGLL',
    type,
    priority: 1,
    priorityReasons: [],
    eu261Eligible: false,
    eu261DistanceKm: null,
    arrivalDelayMinutes: null,
    compensation: null,
    rebooking: null,
    estimatedCost: null,
    occurredAt,
    ...over,
  };
}
