import type { Place } from './territory.js';
import type { Carrier, ReasoningStep } from './types.js';

export interface ScopeFacts {
  origin: { icao: string; place: Place };
  destination: { icao: string; place: Place };
  /** The operating carrier of the leg the disruption arose on (the carrier that owes it). */
  carrier: Carrier;
  legCount: number;
  thirdCountryRedress: boolean;
}

export interface Scope {
  inScope: boolean;
  /** Both ends in the territory: Art. 7(1)(b)'s "intra-Community" (EEA and Swiss airports read as such). */
  intraCommunity: boolean;
  step: ReasoningStep;
}

const where = (end: { icao: string; place: Place }) =>
  `${end.icao} (${end.place.territory ?? 'a third country'})`;

/**
 * Art. 3(1): the Regulation applies (a) to passengers departing from an airport in the territory
 * of a Member State, whatever the carrier, and (b) to passengers departing from a third country
 * to an airport in that territory on a Community carrier, unless they received benefits or
 * compensation and assistance in that third country.
 *
 * A booking of connecting flights is one journey: its departure is the first leg's and its
 * destination the last leg's (Folkerts, C-11/11; Bossen, C-559/16), so a journey that starts in
 * the territory is covered on every leg, even one between two third countries on a non-Community
 * carrier (Wegener, C-537/17). For (b) the carrier is the operating carrier of the leg the
 * disruption arose on — the one that owes the compensation.
 */
export function scopeOf(facts: ScopeFacts): Scope {
  const { origin, destination, carrier } = facts;
  const intraCommunity = origin.place.applies && destination.place.applies;
  const connecting = facts.legCount > 1;
  if (origin.place.applies) {
    const basis = ['Art. 3(1)(a)', ...(connecting ? ['C-537/17 Wegener'] : [])];
    const legs = connecting
      ? ' The booking of connecting flights is one journey and it starts there, so every leg is covered, whatever its carrier and wherever it flies.'
      : '';
    return {
      inScope: true,
      intraCommunity,
      step: {
        topic: 'SCOPE',
        basis,
        text: `Departs from ${where(origin)}, where the Regulation applies (${origin.place.basis}), so it applies whatever the carrier.${legs}`,
      },
    };
  }
  const basis = ['Art. 3(1)(b)', ...(connecting ? ['C-11/11 Folkerts'] : [])];
  const from = `Departs from ${where(origin)}, outside the territory of the Regulation`;
  if (!destination.place.applies)
    return {
      inScope: false,
      intraCommunity,
      step: {
        topic: 'SCOPE',
        basis,
        text: `${from}, to ${where(destination)}, also outside: the Regulation does not apply.`,
      },
    };
  if (!carrier.community)
    return {
      inScope: false,
      intraCommunity,
      step: {
        topic: 'SCOPE',
        basis,
        text: `${from}, to ${where(destination)}, but the operating carrier ${carrier.icao} is not a Community carrier: the Regulation does not apply.`,
      },
    };
  if (facts.thirdCountryRedress)
    return {
      inScope: false,
      intraCommunity,
      step: {
        topic: 'SCOPE',
        basis,
        text: `${from}, to ${where(destination)} on the Community carrier ${carrier.icao}, but the passenger received benefits or compensation and assistance in that third country: the Regulation does not apply.`,
      },
    };
  return {
    inScope: true,
    intraCommunity,
    step: {
      topic: 'SCOPE',
      basis,
      text: `${from}, to ${where(destination)}, where it applies, on the Community carrier ${carrier.icao}, with no benefits or compensation received in the third country: the Regulation applies.`,
    },
  };
}
