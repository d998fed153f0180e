/**
 * Why a well-formed crossing is UNPRICED, and which rule made it EXEMPT. Written into the
 * charge's `reason` as `CODE: detail` so a billing office can filter on the code and read the
 * detail. Neither is an error: the charge is still published, never dropped.
 */
export const unpricedReasons = {
  CROSSING_NOT_FINAL: 'the crossing is PROVISIONAL (no exit yet); only FINAL crossings are billed',
  NO_CHARGING_ZONE: 'the FIR belongs to no charging zone in the tariff table',
  UNKNOWN_AIRCRAFT_TYPE:
    'the icao24 address is not in the aircraft registry, so the type is unknown',
  NO_MTOW: 'the aircraft type has no MTOW in the MTOW table or its overrides',
  NO_UNIT_RATE: 'the tariff has no unit rate for the charging zone and month',
  NO_EXCHANGE_RATE:
    'the tariff has no exchange rate from the unit-rate currency to the billing currency for the month',
} as const;

export type UnpricedReason = keyof typeof unpricedReasons;

/**
 * Exemptions (Regulation (EU) 2019/317, Article 31). The first three apply everywhere; the
 * others only in a zone whose tariff switches them on (data/tariffs/zone-exemptions.csv).
 */
export const exemptionRules = {
  EXEMPT_UNDER_2T: {
    optional: false,
    meaning: 'aircraft whose maximum take-off weight is less than 2 metric tonnes',
  },
  EXEMPT_STATE: {
    optional: false,
    meaning:
      'flight exclusively for the transport on official mission of reigning monarchs and their immediate family, heads of state and government, and government ministers',
  },
  EXEMPT_SAR: {
    optional: false,
    meaning: 'search and rescue flight authorised by the competent body',
  },
  EXEMPT_MILITARY: { optional: true, meaning: 'military flight' },
  EXEMPT_TRAINING: {
    optional: true,
    meaning: 'training flight performed exclusively to obtain a licence or rating',
  },
  EXEMPT_CALIBRATION: {
    optional: true,
    meaning: 'flight exclusively for checking or testing ground aids to air navigation',
  },
  EXEMPT_CIRCULAR: {
    optional: true,
    meaning: 'flight ending at the aerodrome it took off from, with no intermediate landing',
  },
  EXEMPT_VFR: { optional: true, meaning: 'flight performed under visual flight rules' },
} as const satisfies Record<string, { optional: boolean; meaning: string }>;

export type ExemptionCode = keyof typeof exemptionRules;
export type OptionalExemption = {
  [K in ExemptionCode]: (typeof exemptionRules)[K]['optional'] extends true ? K : never;
}[ExemptionCode];

export function isOptionalExemption(code: string): code is OptionalExemption {
  return code in exemptionRules && exemptionRules[code as ExemptionCode].optional;
}
