import { type CodeOf, defineErrors, OverflyError } from '@overfly/errors';

/**
 * Every error this package raises, declared once. All are about bad input (a tariff or
 * aircraft table, a crossing line), so none is retriable: reading the same bytes again fails
 * the same way, so a consumer sends the message to the dead letter instead of retrying.
 *
 * These are *failures*. A crossing that is well formed but cannot be priced (no unit rate,
 * unknown aircraft type…) is not an error: it becomes an UNPRICED charge (see reasons.ts).
 */
export const chargesErrors = defineErrors('CHARGES', {
  FILE_UNREADABLE: {
    message: 'a tariff or aircraft data file could not be read',
    retriable: false,
  },
  CSV_MALFORMED: {
    message: 'a CSV row does not have the fields of its header (count or quoting)',
    retriable: false,
  },
  CSV_HEADER_INVALID: {
    message: 'a CSV file does not start with the expected header row',
    retriable: false,
  },
  TARIFF_MANIFEST_INVALID: {
    message: 'tariff.json is not an object with version, billingCurrency and file names',
    retriable: false,
  },
  CURRENCY_UNKNOWN: {
    message: 'a currency is not an active ISO 4217 alphabetic code (upper case, e.g. EUR)',
    retriable: false,
  },
  MONTH_INVALID: {
    message: 'a month is not YYYY-MM, or a range ends before it starts',
    retriable: false,
  },
  UNIT_RATE_INVALID: {
    message:
      'a unit rate is not a positive decimal with no more decimals than its currency has minor units',
    retriable: false,
  },
  UNIT_RATE_OVERLAP: {
    message: 'two unit-rate rows cover the same charging zone and month',
    retriable: false,
  },
  EXCHANGE_RATE_INVALID: {
    message: 'an exchange rate is not a positive plain decimal (e.g. 1.0412)',
    retriable: false,
  },
  EXCHANGE_RATE_DUPLICATE: {
    message: 'two exchange-rate rows give the same month and currency pair',
    retriable: false,
  },
  ZONE_INVALID: {
    message: 'a FIR → charging zone row has an empty id or maps a FIR twice',
    retriable: false,
  },
  EXEMPTION_UNKNOWN: {
    message: 'a zone-exemptions row names an exemption that is not optional per zone',
    retriable: false,
  },
  SOURCE_MISSING: {
    message: 'a data row has no source: every rate, weight and registry entry must name one',
    retriable: false,
  },
  AIRCRAFT_TABLE_INVALID: {
    message: 'an aircraft registry or MTOW row is invalid (icao24, type designator or mass)',
    retriable: false,
  },
  CROSSING_INVALID: {
    message: 'a crossing is not JSON or lacks a field the charge needs',
    retriable: false,
  },
  DISTANCE_INVALID: {
    message: 'a crossing distance is negative or not a finite number',
    retriable: false,
  },
  AMOUNT_OVERFLOW: {
    message: 'a charge does not fit in a safe integer of minor units',
    retriable: false,
  },
});

export type ChargesErrorCode = CodeOf<typeof chargesErrors>;

/** Where in the input the problem is, so a user can find the row in their file. */
export interface ChargesErrorLocation {
  path?: string;
  line?: number;
}

export class ChargesError extends OverflyError<ChargesErrorCode> {
  override name = 'ChargesError';
  readonly path: string | undefined;
  readonly line: number | undefined;

  constructor(
    code: ChargesErrorCode,
    detail?: string,
    options?: { cause?: unknown; location?: ChargesErrorLocation },
  ) {
    const where = describeLocation(options?.location);
    const text = [detail, where].filter(Boolean).join(' ');
    super(chargesErrors.entry(code), text || undefined, { cause: options?.cause });
    this.path = options?.location?.path;
    this.line = options?.location?.line;
  }
}

function describeLocation(location: ChargesErrorLocation | undefined): string {
  if (!location) return '';
  const parts: string[] = [];
  if (location.path !== undefined) parts.push(location.path);
  if (location.line !== undefined) parts.push(`line ${location.line}`);
  return parts.length > 0 ? `(${parts.join(', ')})` : '';
}
