/**
 * What the correlator can say of Regulation (EC) No 261/2004 from a disruption's cause and
 * legs alone: whether a leg is in the Regulation's scope by its departure aerodrome, and
 * whether the cause is an extraordinary circumstance. What each passenger is owed
 * (distance bands, arrival delay at the final destination, reroutes) is assessed per
 * passenger later, not here.
 */

/** Why a leg or a group of legs is disrupted. */
export type Cause =
  | 'WEATHER'
  | 'ATC'
  | 'SECURITY'
  | 'TECHNICAL'
  | 'OWN_STRIKE'
  | 'AIRLINE'
  | 'REACTIONARY'
  | 'UNKNOWN';

/**
 * The cause an IATA standard delay code gives (IATA Airport Handling Manual, AHM 730):
 * 0x–6x are the airline's own (passengers and baggage 1x, cargo 2x, handling 3x, technical
 * 4x, damage and IT 5x, flight operations and crew 6x), 7x weather, 81–84 ATFM (en-route
 * capacity 81, en-route staff or equipment 82, restriction at destination 83, weather at
 * destination 84), 85 mandatory security, 9x reactionary (93 aircraft rotation; 97 the
 * airline's own industrial action).
 */
export function causeOfDelayCode(code: string | null): Cause {
  if (code === null || !/^\d{2}$/.test(code.trim())) return 'UNKNOWN';
  const n = Number(code.trim());
  if (n >= 71 && n <= 79) return 'WEATHER';
  if (n === 84) return 'WEATHER';
  if (n >= 81 && n <= 83) return 'ATC';
  if (n === 85) return 'SECURITY';
  if (n >= 41 && n <= 48) return 'TECHNICAL';
  if (n === 97) return 'OWN_STRIKE';
  if (n >= 91 && n <= 96) return 'REACTIONARY';
  if (n >= 1 && n <= 69) return 'AIRLINE';
  return 'UNKNOWN';
}

/**
 * ICAO nationality letters (ICAO Doc 7910, Location Indicators) of the states where the
 * Regulation applies to every departure (Art. 3(1)(a)): the EU member states, the EEA
 * states (Iceland BI, Norway EN; Liechtenstein has no aerodrome of its own) by the EEA
 * Agreement, and Switzerland (LS) by the EU–Swiss air transport agreement. Spain includes
 * the Canary Islands (GC) and Ceuta and Melilla (GE); Portugal (LP) includes the Azores and
 * Madeira.
 */
const IN_SCOPE_PREFIXES = new Set([
  'BI',
  'EB',
  'ED',
  'EE',
  'EF',
  'EH',
  'EI',
  'EK',
  'EL',
  'EN',
  'EP',
  'ES',
  'ET',
  'EV',
  'EY',
  'GC',
  'GE',
  'LB',
  'LC',
  'LD',
  'LE',
  'LF',
  'LG',
  'LH',
  'LI',
  'LJ',
  'LK',
  'LM',
  'LO',
  'LP',
  'LR',
  'LS',
  'LZ',
]);

/**
 * Aerodromes under those letters that the Regulation does not reach (the Faroe Islands,
 * Svalbard: outside the EU and the EEA Agreement), and the EU's outermost regions under
 * other letters where it does (TFEU Art. 349: Guadeloupe, Martinique, Saint-Martin,
 * French Guiana, Réunion, Mayotte).
 */
const OUT_OF_SCOPE = new Set(['EKVG', 'ENSB']);
const OUTERMOST_REGIONS = new Set(['TFFR', 'TFFF', 'TFFG', 'SOCA', 'FMEE', 'FMEP', 'FMCZ']);

function departsInScope(icao: string): boolean {
  if (OUT_OF_SCOPE.has(icao)) return false;
  return OUTERMOST_REGIONS.has(icao) || IN_SCOPE_PREFIXES.has(icao.slice(0, 2));
}

export interface Eu261Assessment {
  eu261Relevant: boolean;
  extraordinaryCircumstances: boolean;
  eu261Note: string | null;
}

const EXTRAORDINARY: Partial<Record<Cause, string>> = {
  WEATHER:
    'weather: an extraordinary circumstance (Art. 5(3), recital 14: meteorological conditions incompatible with the operation of the flight); care (Art. 9) is owed, compensation (Art. 7) is not',
  ATC: 'an air traffic management decision: an extraordinary circumstance (Art. 5(3), recital 15); care (Art. 9) is owed, compensation (Art. 7) is not',
  SECURITY:
    'a security risk: an extraordinary circumstance (Art. 5(3), recital 14); care (Art. 9) is owed, compensation (Art. 7) is not',
};

const ORDINARY: Partial<Record<Cause, string>> = {
  TECHNICAL:
    'a technical problem: not an extraordinary circumstance unless it stems from events outside the carrier\u2019s control (Wallentin-Hermann, C-549/07); compensation may be owed',
  OWN_STRIKE:
    'a strike of the carrier\u2019s own staff: not an extraordinary circumstance (Airhelp, C-28/20); compensation may be owed',
  AIRLINE:
    'a cause within the carrier\u2019s own operations: not an extraordinary circumstance; compensation may be owed',
};

/**
 * The disruption's EU261 flags from its cause and legs. `owesNothing` is for what cannot
 * owe anything by itself (a holding, a go-around): not relevant, no note. A cause not
 * established is taken as ordinary: the carrier must prove extraordinary circumstances
 * (Art. 5(3)), the correlator cannot.
 */
export function assessEu261(
  cause: Cause,
  departures: readonly string[],
  causeSaidBy: string,
  owesNothing = false,
): Eu261Assessment {
  const relevant = !owesNothing && departures.some(departsInScope);
  if (!relevant)
    return { eu261Relevant: false, extraordinaryCircumstances: false, eu261Note: null };
  const scope =
    'Departs from the EU, EEA or Switzerland (Art. 3(1)(a)); per-passenger amounts are assessed against the final destination.';
  const extraordinary = EXTRAORDINARY[cause];
  if (extraordinary)
    return {
      eu261Relevant: true,
      extraordinaryCircumstances: true,
      eu261Note: `${scope} Cause ${causeSaidBy}: ${extraordinary}.`,
    };
  const ordinary = ORDINARY[cause];
  const why = ordinary
    ? `Cause ${causeSaidBy}: ${ordinary}.`
    : 'Cause not established: not taken as an extraordinary circumstance (the carrier has to show one, Art. 5(3)); compensation may be owed.';
  return { eu261Relevant: true, extraordinaryCircumstances: false, eu261Note: `${scope} ${why}` };
}
