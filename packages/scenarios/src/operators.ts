/**
 * Airlines that generated flights are given, by ICAO three-letter designator (ICAO Doc 8585),
 * with the state they are based in and the ICAO location-indicator prefixes of that state's
 * aerodromes (ICAO Doc 7910 allocates the first one or two letters per state or region).
 *
 * data/aircraft/registry.csv has no operator column, so this table is ours: a flight is
 * flown by an airline of its origin's state (else of its destination's, else a large
 * international carrier). Callsigns are designator + flight number, so fee-calculator's
 * `operatorFromCallsign` finds the designator as it would in live traffic.
 */
export interface Operator {
  designator: string;
  /** The state, spelt as OpenSky's origin_country spells it. */
  country: string;
  prefixes: readonly string[];
}

export const OPERATORS: readonly Operator[] = [
  { designator: 'AFR', country: 'France', prefixes: ['LF'] },
  { designator: 'DLH', country: 'Germany', prefixes: ['ED'] },
  { designator: 'EWG', country: 'Germany', prefixes: ['ED'] },
  { designator: 'KLM', country: 'Netherlands', prefixes: ['EH'] },
  { designator: 'BAW', country: 'United Kingdom', prefixes: ['EG'] },
  { designator: 'EZY', country: 'United Kingdom', prefixes: ['EG'] },
  { designator: 'IBE', country: 'Spain', prefixes: ['LE'] },
  { designator: 'VLG', country: 'Spain', prefixes: ['LE'] },
  { designator: 'SAS', country: 'Sweden', prefixes: ['ES', 'EK'] },
  { designator: 'NAX', country: 'Norway', prefixes: ['EN'] },
  { designator: 'FIN', country: 'Finland', prefixes: ['EF'] },
  { designator: 'BEL', country: 'Belgium', prefixes: ['EB'] },
  { designator: 'SWR', country: 'Switzerland', prefixes: ['LS'] },
  { designator: 'AUA', country: 'Austria', prefixes: ['LO'] },
  { designator: 'TAP', country: 'Portugal', prefixes: ['LP'] },
  { designator: 'LOT', country: 'Poland', prefixes: ['EP'] },
  { designator: 'ITY', country: 'Italy', prefixes: ['LI'] },
  { designator: 'AEE', country: 'Greece', prefixes: ['LG'] },
  { designator: 'EIN', country: 'Ireland', prefixes: ['EI'] },
  { designator: 'RYR', country: 'Ireland', prefixes: ['EI'] },
  { designator: 'WZZ', country: 'Hungary', prefixes: ['LH'] },
  { designator: 'CSA', country: 'Czech Republic', prefixes: ['LK'] },
  { designator: 'THY', country: 'Turkey', prefixes: ['LT'] },
  { designator: 'ELY', country: 'Israel', prefixes: ['LL'] },
  { designator: 'AFL', country: 'Russian Federation', prefixes: ['UU', 'UL'] },
  { designator: 'AAL', country: 'United States', prefixes: ['K'] },
  { designator: 'DAL', country: 'United States', prefixes: ['K'] },
  { designator: 'UAL', country: 'United States', prefixes: ['K'] },
  { designator: 'ACA', country: 'Canada', prefixes: ['C'] },
  { designator: 'AMX', country: 'Mexico', prefixes: ['MM'] },
  { designator: 'TAM', country: 'Brazil', prefixes: ['SB'] },
  { designator: 'LAN', country: 'Chile', prefixes: ['SC'] },
  { designator: 'ARG', country: 'Argentina', prefixes: ['SA'] },
  { designator: 'AVA', country: 'Colombia', prefixes: ['SK'] },
  { designator: 'JAL', country: 'Japan', prefixes: ['RJ'] },
  { designator: 'ANA', country: 'Japan', prefixes: ['RJ'] },
  { designator: 'KAL', country: 'Republic of Korea', prefixes: ['RK'] },
  { designator: 'CCA', country: 'China', prefixes: ['Z'] },
  { designator: 'CES', country: 'China', prefixes: ['Z'] },
  { designator: 'CSN', country: 'China', prefixes: ['Z'] },
  { designator: 'CPA', country: 'China', prefixes: ['VH'] },
  { designator: 'CAL', country: 'Taiwan', prefixes: ['RC'] },
  { designator: 'SIA', country: 'Singapore', prefixes: ['WS'] },
  { designator: 'THA', country: 'Thailand', prefixes: ['VT'] },
  { designator: 'MAS', country: 'Malaysia', prefixes: ['WM'] },
  { designator: 'GIA', country: 'Indonesia', prefixes: ['WI', 'WA'] },
  { designator: 'PAL', country: 'Philippines', prefixes: ['RP'] },
  { designator: 'HVN', country: 'Viet Nam', prefixes: ['VV'] },
  { designator: 'AIC', country: 'India', prefixes: ['VA', 'VI', 'VO', 'VE'] },
  { designator: 'QFA', country: 'Australia', prefixes: ['Y'] },
  { designator: 'ANZ', country: 'New Zealand', prefixes: ['NZ'] },
  { designator: 'UAE', country: 'United Arab Emirates', prefixes: ['OM'] },
  { designator: 'QTR', country: 'Qatar', prefixes: ['OT'] },
  { designator: 'SVA', country: 'Saudi Arabia', prefixes: ['OE'] },
  { designator: 'MSR', country: 'Egypt', prefixes: ['HE'] },
  { designator: 'ETH', country: 'Ethiopia', prefixes: ['HA'] },
  { designator: 'KQA', country: 'Kenya', prefixes: ['HK'] },
  { designator: 'SAA', country: 'South Africa', prefixes: ['FA'] },
  { designator: 'RAM', country: 'Morocco', prefixes: ['GM'] },
];

/** Large international carriers, for an aerodrome of a state with no airline above. */
const INTERNATIONAL = ['UAE', 'QTR', 'THY', 'DLH', 'AFR', 'BAW', 'UAL', 'SIA'];

const byDesignator = new Map(OPERATORS.map((o) => [o.designator, o]));

function basedAt(icao: string): Operator[] {
  let best: Operator[] = [];
  let bestLength = 0;
  for (const operator of OPERATORS) {
    for (const prefix of operator.prefixes) {
      if (!icao.startsWith(prefix) || prefix.length < bestLength) continue;
      if (prefix.length > bestLength) best = [];
      bestLength = prefix.length;
      best.push(operator);
    }
  }
  return best;
}

/** The airlines that may fly origin → destination (see the table's comment). */
export function operatorsFor(origin: string, destination: string): readonly Operator[] {
  const home = basedAt(origin);
  if (home.length > 0) return home;
  const away = basedAt(destination);
  if (away.length > 0) return away;
  return INTERNATIONAL.map((d) => byDesignator.get(d)).filter((o): o is Operator => !!o);
}

/** The operator of a callsign's designator, if it is one of ours. */
export function operatorOf(callsign: string): Operator | undefined {
  return byDesignator.get(callsign.slice(0, 3));
}
