import type { Money } from '@overfly/schemas';
import type { Band } from './types.js';

/** Art. 7(1): (a) EUR 250, (b) EUR 400, (c) EUR 600, in minor units. */
const BAND_AMOUNT_MINOR: Readonly<Record<Band, number>> = { A: 25_000, B: 40_000, C: 60_000 };

/** Art. 7(1)(a) "1500 kilometres or less" and 7(1)(b) "between 1500 and 3500 kilometres". */
const BAND_A_MAX_KM = 1500;
const BAND_B_MAX_KM = 3500;

/**
 * Art. 7(1): (a) all flights of 1,500 km or less; (b) all intra-Community flights of more than
 * 1,500 km, and all other flights between 1,500 and 3,500 km; (c) the rest. The edges belong to
 * the lower band: exactly 1,500 km is (a), "or less"; exactly 3,500 km is (b), "between … and
 * 3500" read inclusively, as (c) is "all flights not falling under (a) or (b)". An intra-Community
 * flight is never (c), however long (Paris–Réunion is (b)).
 */
export function bandOf(distanceKm: number, intraCommunity: boolean): Band {
  if (distanceKm <= BAND_A_MAX_KM) return 'A';
  if (intraCommunity || distanceKm <= BAND_B_MAX_KM) return 'B';
  return 'C';
}

export function bandAmount(band: Band): Money {
  return { amountMinor: BAND_AMOUNT_MINOR[band], currency: 'EUR' };
}

/** The Art. 7(1) point a band is, and what puts a journey in it, for the reasoning. */
export function bandRule(band: Band, intraCommunity: boolean): { basis: string; text: string } {
  const basis = `Art. 7(1)(${band.toLowerCase()})`;
  if (band === 'A') return { basis, text: '1,500 km or less' };
  if (band === 'C') return { basis, text: 'more than 3,500 km, not intra-Community' };
  return {
    basis,
    text: intraCommunity
      ? 'an intra-Community flight of more than 1,500 km'
      : 'more than 1,500 km and at most 3,500 km',
  };
}
