import type { CauseKind } from './types.js';

export interface CauseRuling {
  extraordinary: boolean;
  basis: readonly string[];
  why: string;
}

/**
 * Art. 5(3): no compensation when the carrier proves the cancellation (or, since Sturgeon, the
 * long delay) was caused by extraordinary circumstances that could not have been avoided even
 * with all reasonable measures. Recital 14 names political instability, meteorological
 * conditions incompatible with the flight, security risks, unexpected flight-safety
 * shortcomings and strikes that affect the operation; recital 15 air traffic management
 * decisions. An event is extraordinary only when it is not inherent in the normal exercise of
 * the carrier's activity and is beyond its actual control (Wallentin-Hermann, C-549/07).
 *
 * The ruling per kind takes the cause as the caller gives it, with the carrier's proof of it and
 * of the reasonable measures taken; the burden of that proof is the carrier's, so a cause that
 * is not known is not extraordinary.
 */
export const CAUSE_RULINGS: Readonly<Record<CauseKind, CauseRuling>> = {
  WEATHER: {
    extraordinary: true,
    basis: ['Art. 5(3)', 'recital 14'],
    why: 'meteorological conditions incompatible with the operation of the flight',
  },
  ATC: {
    extraordinary: true,
    basis: ['Art. 5(3)', 'recital 15'],
    why: 'an air traffic management decision about this aircraft on this day',
  },
  SECURITY: {
    extraordinary: true,
    basis: ['Art. 5(3)', 'recital 14'],
    why: 'a security risk',
  },
  POLITICAL: {
    extraordinary: true,
    basis: ['Art. 5(3)', 'recital 14'],
    why: 'political instability',
  },
  BIRD_STRIKE: {
    extraordinary: true,
    basis: ['Art. 5(3)', 'C-315/15 Pešková'],
    why: 'a collision with a bird is not inherent in the normal exercise of the carrier’s activity and beyond its control',
  },
  EXTERNAL_STRIKE: {
    extraordinary: true,
    basis: ['Art. 5(3)', 'recital 14', 'C-28/20 Airhelp'],
    why: 'a strike by people outside the carrier (air traffic controllers, airport staff) is beyond its control',
  },
  UNRULY_PASSENGER: {
    extraordinary: true,
    basis: ['Art. 5(3)', 'C-74/19 Transportes Aéreos Portugueses'],
    why: 'a passenger’s disruptive behaviour that the carrier did not contribute to is beyond its control',
  },
  TECHNICAL: {
    extraordinary: false,
    basis: ['Art. 5(3)', 'C-549/07 Wallentin-Hermann', 'C-257/14 van der Lans'],
    why: 'a technical fault, even of a part that failed prematurely, is inherent in operating aircraft (a hidden manufacturing defect revealed by the maker or an authority would be a different cause)',
  },
  OWN_STAFF_STRIKE: {
    extraordinary: false,
    basis: ['Art. 5(3)', 'C-195/17 Krüsemann', 'C-28/20 Airhelp'],
    why: 'a strike of the carrier’s own staff, wildcat (Krüsemann) or called by a union (Airhelp), is inherent in its activity and within its control',
  },
  CREW_SHORTAGE: {
    extraordinary: false,
    basis: ['Art. 5(3)', 'C-156/22 TAP Portugal'],
    why: 'staffing the flight, even when a crew member is suddenly unable to fly, is inherent in the carrier’s activity',
  },
  OPERATIONAL: {
    extraordinary: false,
    basis: ['Art. 5(3)', 'C-549/07 Wallentin-Hermann'],
    why: 'scheduling, rotations, ground handling and late inbound aircraft of the carrier’s own making are inherent in its activity',
  },
  UNKNOWN: {
    extraordinary: false,
    basis: ['Art. 5(3)'],
    why: 'no cause is established, and the carrier bears the burden of proving extraordinary circumstances ("if it can prove"): an unknown cause is not extraordinary',
  },
};
