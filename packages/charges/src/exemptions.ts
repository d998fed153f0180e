import type { ExemptionCode, OptionalExemption } from './reasons.js';

/**
 * What is known about the flight beyond its track. Each flag is optional: absent means
 * "not known", and a rule whose fact is unknown does not apply (the flight is charged), since
 * exempting on a guess loses revenue silently while charging shows up on the invoice and can
 * be credited. Only these rules are decided from the data alone:
 * - EXEMPT_UNDER_2T from the MTOW table;
 * - EXEMPT_CALIBRATION from a callsign prefix listed in the tariff (a known campaign);
 * - EXEMPT_CIRCULAR when both aerodromes of the whole flight are known and equal.
 */
export interface FlightFacts {
  state?: boolean;
  sar?: boolean;
  military?: boolean;
  training?: boolean;
  calibration?: boolean;
  vfr?: boolean;
  /** Aerodromes of the whole flight (not only of this crossing), for circular flights. */
  departureAirport?: string | null;
  arrivalAirport?: string | null;
}

export interface ExemptionDecision {
  code: ExemptionCode;
  detail: string;
}

/** Exemptions that need no aircraft data, in the order they are tried; the first match wins. */
export function flightExemption(
  facts: FlightFacts,
  callsign: string | null,
  zoneRules: ReadonlySet<OptionalExemption>,
  calibrationPrefixes: readonly string[],
): ExemptionDecision | undefined {
  if (facts.state === true) return { code: 'EXEMPT_STATE', detail: 'state flight (input flag)' };
  if (facts.sar === true) return { code: 'EXEMPT_SAR', detail: 'search and rescue (input flag)' };
  if (zoneRules.has('EXEMPT_MILITARY') && facts.military === true)
    return { code: 'EXEMPT_MILITARY', detail: 'military flight (input flag)' };
  if (zoneRules.has('EXEMPT_TRAINING') && facts.training === true)
    return { code: 'EXEMPT_TRAINING', detail: 'training flight (input flag)' };
  if (zoneRules.has('EXEMPT_CALIBRATION')) {
    if (facts.calibration === true)
      return { code: 'EXEMPT_CALIBRATION', detail: 'calibration flight (input flag)' };
    const cs = (callsign ?? '').trim().toUpperCase();
    const prefix = calibrationPrefixes.find((p) => cs.startsWith(p.toUpperCase()));
    if (prefix !== undefined && facts.calibration !== false)
      return {
        code: 'EXEMPT_CALIBRATION',
        detail: `callsign ${cs} of calibration campaign ${prefix}`,
      };
  }
  if (zoneRules.has('EXEMPT_CIRCULAR')) {
    const dep = facts.departureAirport;
    const arr = facts.arrivalAirport;
    if (dep && arr && dep === arr)
      return { code: 'EXEMPT_CIRCULAR', detail: `departure and arrival both ${dep}` };
  }
  if (zoneRules.has('EXEMPT_VFR') && facts.vfr === true)
    return { code: 'EXEMPT_VFR', detail: 'VFR flight (input flag)' };
  return undefined;
}

/** Regulation (EU) 2019/317, Article 31: "less than two metric tons" — 2,000 kg is charged. */
export const EXEMPT_BELOW_KG = 2000;
