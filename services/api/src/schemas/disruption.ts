import type {
  DisruptionLifecycle,
  DisruptionSeverity,
  DisruptionType,
  PassengerEventType,
} from '@overfly/schemas';
import type { FromSchema } from 'json-schema-to-ts';
import { moneySchema } from '../server/schemas.js';

// Disruptions and passenger decisions as the ops routes answer them: the JSON Schemas the
// routes validate and document with, and the TypeScript types derived from them.

/** Every symbol of each enum of disruption.events and passenger.events, as filters take them. */
export const DISRUPTION_TYPES = [
  'DELAY',
  'CASCADING_DELAY',
  'WEATHER_IMPACT',
  'AIRPORT_CONGESTION',
  'AIRLINE_WIDE',
  'NETWORK_EFFECT',
  'CANCELLATION',
  'DIVERSION',
  'UNKNOWN',
  'ROTATION_RISK',
  'HOLDING',
  'GO_AROUND',
  'RETURN_TO_ORIGIN',
] as const satisfies readonly DisruptionType[];
export const SEVERITIES = [
  'LOW',
  'MEDIUM',
  'HIGH',
  'CRITICAL',
  'UNKNOWN',
] as const satisfies readonly DisruptionSeverity[];
export const LIFECYCLES = [
  'DETECTED',
  'UPDATED',
  'RESOLVED',
  'UNKNOWN',
] as const satisfies readonly DisruptionLifecycle[];
export const PASSENGER_EVENT_TYPES = [
  'COMPENSATION_ASSESSED',
  'REBOOKING_PROPOSED',
  'REBOOKED',
  'CARE_OFFERED',
  'REFUND_OFFERED',
  'CONNECTION_AT_RISK',
  'UNKNOWN',
] as const satisfies readonly PassengerEventType[];

// A symbol added to the Avro schema (codegen) and not here fails the build.
type Missing<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : Exclude<All, Listed>;
const complete: [
  Missing<DisruptionType, (typeof DISRUPTION_TYPES)[number]>,
  Missing<DisruptionSeverity, (typeof SEVERITIES)[number]>,
  Missing<DisruptionLifecycle, (typeof LIFECYCLES)[number]>,
  Missing<PassengerEventType, (typeof PASSENGER_EVENT_TYPES)[number]>,
] = [true, true, true, true];
void complete;

const epoch = (description: string) => ({ type: 'integer', description }) as const;
const nullable = <T extends string>(type: T, description?: string) =>
  ({ type: [type, 'null'], ...(description ? { description } : {}) }) as const;

export const disruptionSummarySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    disruptionId: { type: 'string' },
    eventId: { type: 'string', description: 'The latest revision held: <disruptionId>#<revision>' },
    revision: { type: 'integer' },
    type: { type: 'string', enum: DISRUPTION_TYPES },
    severity: { type: 'string', enum: SEVERITIES },
    lifecycle: { type: 'string', enum: LIFECYCLES },
    summary: { type: 'string' },
    airportIcao: nullable('string', 'The aerodrome at its centre; null when not airport-bound'),
    operatorIcao: nullable('string', 'The operator concerned; null when several'),
    affectedFlightCount: { type: 'integer' },
    eu261Relevant: { type: 'boolean' },
    extraordinaryCircumstances: { type: 'boolean' },
    confidence: nullable('number', '0 to 1; null on records written before it existed'),
    windowStart: epoch('Start of the correlation window, UTC epoch ms'),
    windowEnd: epoch('End of the correlation window, UTC epoch ms'),
    detectedAt: epoch('When the latest revision was published, UTC epoch ms'),
  },
  required: [
    'disruptionId',
    'eventId',
    'revision',
    'type',
    'severity',
    'lifecycle',
    'summary',
    'airportIcao',
    'operatorIcao',
    'affectedFlightCount',
    'eu261Relevant',
    'extraordinaryCircumstances',
    'confidence',
    'windowStart',
    'windowEnd',
    'detectedAt',
  ],
} as const;

const affectedFlightSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    scheduleId: { type: 'string' },
    flightNumber: { type: 'string' },
    flightId: nullable('string'),
    departureAirport: { type: 'string' },
    arrivalAirport: { type: 'string' },
    expectedArrivalDelayMinutes: nullable('integer'),
    cancelled: { type: 'boolean' },
    passengerCount: nullable('integer'),
  },
  required: [
    'scheduleId',
    'flightNumber',
    'flightId',
    'departureAirport',
    'arrivalAirport',
    'expectedArrivalDelayMinutes',
    'cancelled',
    'passengerCount',
  ],
} as const;

const positionSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    eventId: { type: 'string', description: 'flight.events eventId of the point' },
    flightId: { type: 'string' },
    kind: { type: 'string' },
    occurredAt: epoch('UTC epoch ms'),
    latitude: nullable('number'),
    longitude: nullable('number'),
    airportIcao: nullable('string'),
  },
  required: ['eventId', 'flightId', 'kind', 'occurredAt', 'latitude', 'longitude', 'airportIcao'],
} as const;

const optionCostSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    scheduleId: { type: 'string' },
    option: { type: 'string' },
    passengers: { type: 'integer' },
    cost: moneySchema,
  },
  required: ['scheduleId', 'option', 'passengers', 'cost'],
} as const;

const revisionSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    eventId: { type: 'string' },
    revision: { type: 'integer' },
    lifecycle: { type: 'string', enum: LIFECYCLES },
    severity: { type: 'string', enum: SEVERITIES },
    summary: { type: 'string' },
    confidence: nullable('number'),
    eu261Relevant: { type: 'boolean' },
    extraordinaryCircumstances: { type: 'boolean' },
    affectedFlightCount: { type: 'integer' },
    windowEnd: epoch('UTC epoch ms'),
    detectedAt: epoch('When this revision was published, UTC epoch ms'),
  },
  required: [
    'eventId',
    'revision',
    'lifecycle',
    'severity',
    'summary',
    'confidence',
    'eu261Relevant',
    'extraordinaryCircumstances',
    'affectedFlightCount',
    'windowEnd',
    'detectedAt',
  ],
} as const;

/** One disruption: its latest revision with the evidence, and every revision held, oldest first. */
export const disruptionSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...disruptionSummarySchema.properties,
    rootCauseScheduleId: nullable('string', 'The leg that started a cascade'),
    weatherObservationId: nullable('string', 'The external.weather observation blamed'),
    eu261Note: nullable('string'),
    affectedFlights: { type: 'array', items: affectedFlightSchema, description: 'Worst first' },
    correlatedEventIds: {
      type: 'array',
      items: { type: 'string' },
      description: 'The input events that support it (flight.events, weather observations)',
    },
    positions: { type: 'array', items: positionSchema },
    optionCosts: { type: 'array', items: optionCostSchema },
    history: { type: 'array', items: revisionSchema, description: 'Every revision, oldest first' },
  },
  required: [
    ...disruptionSummarySchema.required,
    'rootCauseScheduleId',
    'weatherObservationId',
    'eu261Note',
    'affectedFlights',
    'correlatedEventIds',
    'positions',
    'optionCosts',
    'history',
  ],
} as const;

const rebookingSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    scheduleId: { type: 'string' },
    flightNumber: { type: 'string' },
    departureAirport: { type: 'string' },
    arrivalAirport: { type: 'string' },
    scheduledDeparture: epoch('UTC epoch ms'),
    scheduledArrival: epoch('UTC epoch ms'),
    cabinClass: { type: 'string' },
  },
  required: [
    'scheduleId',
    'flightNumber',
    'departureAirport',
    'arrivalAirport',
    'scheduledDeparture',
    'scheduledArrival',
    'cabinClass',
  ],
} as const;

/** A decision about one passenger, as passenger.events carries it (pseudonymous ids only). */
export const passengerEventSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    eventId: { type: 'string' },
    passengerId: { type: 'string', description: 'Pseudonymous passenger id' },
    bookingId: { type: 'string', description: 'Pseudonymous booking id' },
    contactRef: nullable('string', 'An opaque contact reference, never an address'),
    disruptionId: { type: 'string' },
    scheduleId: { type: 'string' },
    type: { type: 'string', enum: PASSENGER_EVENT_TYPES },
    priority: { type: 'integer', description: 'Re-accommodation priority, 1 = first' },
    priorityReasons: { type: 'array', items: { type: 'string' } },
    eu261Eligible: { type: 'boolean' },
    eu261DistanceKm: nullable('number'),
    arrivalDelayMinutes: nullable('integer'),
    compensation: { anyOf: [moneySchema, { type: 'null' }] },
    rebooking: { anyOf: [rebookingSchema, { type: 'null' }] },
    estimatedCost: { anyOf: [moneySchema, { type: 'null' }] },
    occurredAt: epoch('When the decision was made, UTC epoch ms'),
  },
  required: [
    'eventId',
    'passengerId',
    'bookingId',
    'contactRef',
    'disruptionId',
    'scheduleId',
    'type',
    'priority',
    'priorityReasons',
    'eu261Eligible',
    'eu261DistanceKm',
    'arrivalDelayMinutes',
    'compensation',
    'rebooking',
    'estimatedCost',
    'occurredAt',
  ],
} as const;

export type DisruptionSummary = FromSchema<typeof disruptionSummarySchema>;
export type Disruption = FromSchema<typeof disruptionSchema>;
export type DisruptionRevision = FromSchema<typeof revisionSchema>;
export type PassengerEventRow = FromSchema<typeof passengerEventSchema>;
