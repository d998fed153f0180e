/** What the globe shows: the form's filters, applied in the page to every aircraft. */
export interface TrafficFilter {
  /** Metres, inclusive; null: no bound. */
  minAlt: number | null;
  maxAlt: number | null;
  ground: 'any' | 'airborne' | 'ground';
  /** Upper-case callsign prefix; '' none. */
  callsign: string;
  /** ICAO airline designators (3 letters). */
  operators: string[];
  /** FIR id; '' none. */
  fir: string;
}

export const NO_FILTER: TrafficFilter = {
  minAlt: null,
  maxAlt: null,
  ground: 'any',
  callsign: '',
  operators: [],
  fir: '',
};

export const isEmpty = (f: TrafficFilter): boolean =>
  f.minAlt === null &&
  f.maxAlt === null &&
  f.ground === 'any' &&
  f.callsign === '' &&
  f.operators.length === 0 &&
  f.fir === '';

/** ICAO airline designator of a callsign: three letters then a digit (AFR787V → AFR). */
export function operatorOf(callsign: string | null): string | null {
  if (!callsign) return null;
  return /^[A-Z]{3}\d/.test(callsign) ? callsign.slice(0, 3) : null;
}

export interface Candidate {
  alt: number;
  ground: number;
  callsign: string | null;
  /** FIR id at the aircraft's position (only computed when the filter has a FIR). */
  fir: () => string | null;
}

/** Whether the filter shows the aircraft (the live stream's rules: docs/live-stream.md). */
export function shows(f: TrafficFilter, a: Candidate): boolean {
  if (f.minAlt !== null || f.maxAlt !== null) {
    if (Number.isNaN(a.alt)) return false;
    if (f.minAlt !== null && a.alt < f.minAlt) return false;
    if (f.maxAlt !== null && a.alt > f.maxAlt) return false;
  }
  if (f.ground === 'ground' && a.ground !== 1) return false;
  if (f.ground === 'airborne' && a.ground === 1) return false;
  if (f.callsign !== '' && !(a.callsign ?? '').toUpperCase().startsWith(f.callsign)) return false;
  if (f.operators.length > 0) {
    const op = operatorOf((a.callsign ?? '').toUpperCase());
    if (op === null || !f.operators.includes(op)) return false;
  }
  if (f.fir !== '' && a.fir() !== f.fir) return false;
  return true;
}
