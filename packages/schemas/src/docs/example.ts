// The example record of each topic in docs/topics.md: built deterministically from the
// schema, with a realistic value per field name where one is known (one story: a Lufthansa
// A320 from Frankfurt to Madrid crossing the Langen FIR on 14 June 2025), a plain value
// of the field's type otherwise. The result must be valid for the schema (avsc says so),
// or building the page fails: an example that does not decode is worse than none.
import { AvroTypeClass } from '../avro.js';
import { isJsonObject, type JsonObject } from '../json.js';
import type { NamedTypes } from './render-type.js';

const minute = 60_000;
const day = 86_400_000;
/** 2025-06-14T12:10:00Z, the story's "now". */
const at = Date.UTC(2025, 5, 14, 12, 10, 0);
const firstFix = at - 50 * minute;
const flightId = `3c6444-${firstFix}`;
const crossingId = `${flightId}-1-EDGG`;
const scheduleId = 'LH1114-20250614-EDDF';
const disruptionId = 'WEATHER_IMPACT/EDDF/20250614T1210Z';
const money = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });
const daysOf = (ms: number) => Math.floor(ms / day);

/**
 * Values by field name, or by `Record.field` where one name means different things in
 * different records. `null` picks the null branch of an optional field.
 */
const known: Readonly<Record<string, unknown>> = {
  // Aircraft and positions
  icao24: '3c6444',
  callsign: 'DLH4AB',
  originCountry: 'Germany',
  positionTime: at,
  lastContact: at + 1_000,
  latitude: 48.6212,
  longitude: 5.2133,
  baroAltitudeM: 11_277.6,
  geoAltitudeM: 11_430,
  altitudeM: 11_277.6,
  onGround: false,
  velocityMs: 231.5,
  trackDeg: 212.4,
  verticalRateMs: 0,
  squawk: '1000',
  receivedAt: at + 2_500,
  firstSeen: firstFix,
  lastSeen: at,
  updatedAt: at + 3_000,
  // Flights and FIR crossings
  flightId,
  crossingId,
  firId: 'EDGG',
  firName: 'LANGEN FIR',
  nextFirId: 'LFEE',
  entryTime: at - 48 * minute,
  exitTime: at - 10 * minute,
  entryLatitude: 50.0379,
  entryLongitude: 8.5622,
  exitLatitude: 49.0517,
  exitLongitude: 6.3364,
  greatCircleDistanceKm: 181.4,
  flownDistanceKm: 188.9,
  departureAirport: 'EDDF',
  arrivalAirport: 'LEMD',
  sequence: 1,
  currency: 'EUR',
  producedAt: at + 1_200,
  occurredAt: at,
  airportIcao: 'EDDF',
  'FlightEvent.delayMinutes': null,
  'FlightEvent.airportIcao': null,
  'FlightEvent.eventId': `${crossingId}-EXIT`,
  'FlightEvent.attributes': { crossingId, reason: 'BOUNDARY' },
  'TrackPoint.time': at - 10 * minute,
  'TrackPoint.latitude': 49.0517,
  'TrackPoint.longitude': 6.3364,
  'FlightEvent.occurredAt': at - 10 * minute,
  'FlightEvent.latitude': 49.0517,
  'FlightEvent.longitude': 6.3364,
  // Charges
  chargeId: 'chg_5f0c2a9e8d4b7c1a3e6f9d2b8c4a7e10',
  operatorIcao: 'DLH',
  aircraftType: 'A320',
  mtowKg: 78_000,
  mtowSource: 'EASA TCDS EASA.A.064',
  chargingZone: 'ED',
  flightDate: daysOf(at),
  tariffMonth: '2025-06',
  distanceKm: 161.4,
  distanceFactor: 1.61,
  weightFactor: 1.25,
  serviceUnits: 2.01,
  unitRate: money(6_307),
  unitRateSource: 'EUROCONTROL CRCO unit rates June 2025',
  exchangeRate: null,
  exchangeRateSource: null,
  amount: money(12_693),
  tariffVersion: '2025-06.v1',
  exemptionCode: null,
  reason: null,
  calculatedAt: at + minute,
  crossingIds: [crossingId],
  'ChargedPassage.arrivalAirport': null,
  firIds: ['EDGG'],
  takeOffs: 1,
  landings: 0,
  // Invoices
  'InvoiceEvent.eventId': '9b2d7c4e-3f1a-4e8b-a6d5-0c7f2e9b1a34',
  invoiceId: 'inv_DLH_2025-06_EUR',
  invoiceNumber: 'OVF-M-2025-000123',
  series: 'OVF-M',
  total: money(1_284_530),
  amountPaid: null,
  lineCount: 1,
  relatedInvoiceId: null,
  periodStart: Date.UTC(2025, 5, 1),
  periodEnd: Date.UTC(2025, 6, 1),
  dueDate: daysOf(Date.UTC(2025, 6, 31)),
  // Schedules, weather, manifests
  scheduleId,
  flightNumber: 'LH1114',
  registration: 'D-AIZB',
  scheduledDeparture: at - 70 * minute,
  scheduledArrival: at + 75 * minute,
  estimatedDeparture: at - 50 * minute,
  estimatedArrival: at + 95 * minute,
  actualDeparture: at - 50 * minute,
  actualArrival: null,
  diversionAirport: null,
  inboundScheduleId: 'LH1113-20250614-LEMD',
  delayCode: '71',
  'FlightSchedule.source': 'aviationstack',
  observationId: `EDDF-${at - 20 * minute}`,
  stationIcao: 'EDDF',
  observedAt: at - 20 * minute,
  rawText: 'EDDF 141150Z 24018G32KT 3000 TSRA BKN012CB 19/17 Q1009',
  windDirectionDeg: 240,
  windSpeedKt: 18,
  windGustKt: 32,
  visibilityM: 3_000,
  ceilingFt: 1_200,
  temperatureC: 19,
  dewpointC: 17,
  qnhHpa: 1_009,
  phenomena: ['TSRA'],
  'WeatherObservation.source': 'aviationweather.gov',
  manifestId: `${scheduleId}-${at - 60 * minute}`,
  snapshotAt: at - 60 * minute,
  'PassengerManifest.source': 'dcs-export',
  passengerId: 'pax_7f3a9c2e51d8',
  'ManifestPassenger.fare': money(24_900),
  'Connection.scheduleId': 'IB3166-20250614-LEMD',
  'Connection.flightNumber': 'IB3166',
  'Connection.departureAirport': 'LEMD',
  'Connection.scheduledDeparture': at + 150 * minute,
  minimumConnectionMinutes: 45,
  finalDestinationAirport: 'LPPT',
  'TrackEvidence.occurredAt': firstFix + 2 * minute,
  'TrackEvidence.latitude': 50.0379,
  'TrackEvidence.longitude': 8.5622,
  eu261Relevant: true,
  extraordinaryCircumstances: true,
  bookingId: 'bkg_0d4e8b6a2c17',
  contactRef: 'ctc_b81f4e2a9d03',
  // Disruptions and passengers
  'DisruptionEvent.eventId': `${disruptionId}#1`,
  disruptionId,
  summary: 'Thunderstorms at EDDF: departures delayed by about 35 minutes',
  rootCauseScheduleId: null,
  weatherObservationId: `EDDF-${at - 20 * minute}`,
  expectedArrivalDelayMinutes: 35,
  passengerCount: 168,
  eu261Note: 'Weather at the departure airport: extraordinary circumstances (Art. 5(3)).',
  correlatedEventIds: [`EDDF-${at - 20 * minute}`],
  windowStart: at - 10 * minute,
  windowEnd: at,
  detectedAt: at + minute,
  confidence: 0.82,
  'TrackEvidence.eventId': `${flightId}-TAKEOFF`,
  'TrackEvidence.kind': 'TAKEOFF',
  'OptionCost.passengers': 168,
  'OptionCost.cost': money(1_680_000),
  'PassengerEvent.eventId': `${disruptionId}/pax_7f3a9c2e51d8/CARE_OFFERED/1`,
  priority: 2,
  priorityReasons: ['CONNECTION_AT_RISK'],
  eu261Eligible: false,
  eu261DistanceKm: 1_442.6,
  arrivalDelayMinutes: 35,
  compensation: null,
  rebooking: null,
  estimatedCost: money(1_500),
  // Notifications
  notificationId: 'ntf_3f0c8e21a9b74d5c6e0f1a2b3c4d5e6f',
  sourceTopic: 'passenger.events',
  sourceEventId: `${disruptionId}/pax_7f3a9c2e51d8/CARE_OFFERED/1`,
  recipientRef: 'ctc_b81f4e2a9d03',
  template: 'care-offered',
  attempts: 1,
  providerMessageId: 'SM2f4c9e0b7a1d3e5f6a8b0c2d4e6f8a0b',
  lastError: null,
  createdAt: at + 2 * minute,
  'Notification.updatedAt': at + 2 * minute + 3_000,
  // Batch jobs, scenarios, metrics
  commandId: '0b7e4d7a-6f1e-4f7e-9a51-2f3f6c1d9e10',
  jobName: 'charges.reprice',
  parameters: { month: '2025-06' },
  requestedBy: 'ops@example.com',
  requestedAt: at,
  'BatchProgress.processed': 1_250,
  'BatchProgress.failed': 0,
  'BatchProgress.total': 4_000,
  'BatchProgress.message': null,
  startedAt: at + 5_000,
  'BatchProgress.updatedAt': at + 65_000,
  scenario: 'network-weather-hub',
  seed: 42,
  startTime: Date.UTC(2025, 5, 14, 6, 0, 0),
  speed: 10,
  issuedAt: at,
  issuedBy: 'pnpm overfly scenario',
  'MetricsSnapshot.service': 'fee-calculator',
  instance: 'host-1/4242',
  takenAt: at,
  'MetricSample.name': 'overfly_messages_consumed_total',
  'MetricSample.labels': { topic: 'fir.crossings' },
  'MetricSample.value': 42_817,
  // Dead letters
  'DeadLetter.sourceTopic': 'fir.crossings',
  sourcePartition: 4,
  sourceOffset: '183377',
  originalKey: Buffer.from('3c6444'),
  // A wire-format value (magic byte 0, schema id 7) whose Avro body was cut short.
  originalValue: Buffer.from([0, 0, 0, 0, 7, 0x0c, 0x33, 0x63, 0x36, 0x34, 0x34, 0x34]),
  originalHeaders: {},
  'DeadLetter.service': 'fee-calculator',
  errorCode: 'KAFKA_SERDE_DECODE_FAILED',
  errorMessage: 'schema id 7: truncated buffer',
  retriable: false,
  failedAt: at + minute,
};

/** Enum symbols by enum name, where the first symbol would not be the telling one. */
const knownSymbols: Readonly<Record<string, string>> = {
  CrossingStatus: 'FINAL',
  CrossingExitReason: 'BOUNDARY',
  FlightEventType: 'FIR_EXIT',
  PositionSource: 'OPENSKY_LIVE',
  DistanceBasis: 'GREAT_CIRCLE',
  ChargeStatus: 'PRICED',
  InvoiceDocumentType: 'INVOICE',
  BillingCycle: 'MONTHLY',
  InvoiceEventType: 'ISSUED',
  InvoiceStatus: 'ISSUED',
  ScheduleStatus: 'DELAYED',
  WeatherReportType: 'METAR',
  FlightCategory: 'IFR',
  WeatherSeverity: 'HIGH',
  DisruptionType: 'WEATHER_IMPACT',
  DisruptionSeverity: 'MEDIUM',
  DisruptionLifecycle: 'DETECTED',
  PassengerOption: 'MEALS',
  PassengerEventType: 'CARE_OFFERED',
  CabinClass: 'ECONOMY',
  LoyaltyTier: 'SILVER',
  NotificationChannel: 'SMS',
  NotificationStatus: 'SENT',
  BatchAction: 'START',
  BatchStatus: 'RUNNING',
  ScenarioAction: 'START',
  MetricKind: 'COUNTER',
};

const shortName = (name: string): string => name.slice(name.lastIndexOf('.') + 1);

/**
 * A value of `schema` (a top-level record) in avsc's in-memory form, the form
 * `@kafkajs/confluent-schema-registry` and this repository's consumers decode to.
 */
export function exampleValue(schema: JsonObject, named: NamedTypes): unknown {
  const value = exampleOf(schema, undefined, named, new Set());
  const type = AvroTypeClass.forSchema(schema as Parameters<typeof AvroTypeClass.forSchema>[0]);
  const invalid: string[] = [];
  type.isValid(value, { errorHook: (path: string[]) => invalid.push(path.join('.') || '(root)') });
  if (invalid.length > 0) {
    throw new Error(
      `example of ${String(schema.name)} is not valid for its schema: ${invalid.join(', ')}`,
    );
  }
  return value;
}

/**
 * The value in the Avro JSON encoding (unions other than null wrapped as
 * `{"<branch>": value}`, bytes as code points), pretty-printed; decoded again and checked,
 * so what the page shows is what the schema reads.
 */
export function avroJson(schema: JsonObject, value: unknown): string {
  const type = AvroTypeClass.forSchema(schema as Parameters<typeof AvroTypeClass.forSchema>[0]);
  const json = type.toString(value);
  if (!type.isValid(type.fromString(json))) {
    throw new Error(`the Avro JSON of the ${String(schema.name)} example does not read back`);
  }
  return compactJson(JSON.parse(json), '');
}

/** One-line JSON with a space after each colon and comma, as people write it. */
function inline(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  const entries = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`);
  return `{${entries.join(', ')}}`;
}

/** Pretty JSON that keeps small objects and arrays (a wrapped union, Money) on one line. */
export function compactJson(value: unknown, indent: string, width = 72): string {
  const flat = inline(value);
  if (value === null || typeof value !== 'object' || indent.length + flat.length <= width) {
    return flat;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    const items = value.map((item) => `${inner}${compactJson(item, inner, width)}`);
    return `[\n${items.join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).map(
    ([key, item]) => `${inner}${JSON.stringify(key)}: ${compactJson(item, inner, width)}`,
  );
  return `{\n${entries.join(',\n')}\n${indent}}`;
}

function exampleOf(
  type: unknown,
  field: { record: string; name: string } | undefined,
  named: NamedTypes,
  open: ReadonlySet<string>,
): unknown {
  if (field) {
    const qualified = `${field.record}.${field.name}`;
    if (Object.hasOwn(known, qualified)) return known[qualified];
    if (Object.hasOwn(known, field.name)) return known[field.name];
  }
  if (typeof type === 'string') {
    const definition = named.get(type);
    return definition ? exampleOf(definition, field, named, open) : primitive(type, field);
  }
  if (Array.isArray(type)) {
    const branch = type.find((b) => b !== 'null') ?? 'null';
    return exampleOf(branch, field, named, open);
  }
  if (!isJsonObject(type)) throw new Error(`not an Avro type: ${JSON.stringify(type)}`);
  switch (type.type) {
    case 'record': {
      const name = shortName(String(type.name));
      if (open.has(name)) throw new Error(`recursive record ${name}: give its field a value`);
      const out: Record<string, unknown> = {};
      const fields = Array.isArray(type.fields) ? type.fields : [];
      for (const f of fields) {
        if (!isJsonObject(f)) continue;
        const fieldName = String(f.name);
        out[fieldName] = exampleOf(
          f.type,
          { record: name, name: fieldName },
          named,
          new Set([...open, name]),
        );
      }
      return out;
    }
    case 'enum': {
      const symbols = Array.isArray(type.symbols) ? type.symbols.map(String) : [];
      const preferred = knownSymbols[shortName(String(type.name))];
      return preferred ?? symbols.find((s) => s !== 'UNKNOWN') ?? symbols[0];
    }
    case 'array':
      return [exampleOf(type.items, field, named, open)];
    case 'map':
      return { key: exampleOf(type.values, undefined, named, open) };
    case 'fixed':
      return Buffer.alloc(Number(type.size));
    default:
      if (typeof type.logicalType === 'string' && typeof type.type === 'string') {
        return logical(type.logicalType, type.type);
      }
      return exampleOf(type.type, field, named, open);
  }
}

function logical(logicalType: string, underlying: string): unknown {
  if (logicalType === 'timestamp-millis') return at;
  if (logicalType === 'date') return daysOf(at);
  return primitive(underlying, undefined);
}

function primitive(name: string, field: { name: string } | undefined): unknown {
  switch (name) {
    case 'null':
      return null;
    case 'boolean':
      return false;
    case 'int':
    case 'long':
      return 1;
    case 'float':
    case 'double':
      return 1.5;
    case 'bytes':
      return Buffer.from('example');
    case 'string':
      return field ? `example-${field.name}` : 'example';
    default:
      throw new Error(`unknown Avro type ${name}`);
  }
}
