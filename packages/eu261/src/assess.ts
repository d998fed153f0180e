import { defaultAirports } from '@overfly/geo';
import { bandAmount, bandOf, bandRule } from './bands.js';
import { cancellationRuling } from './cancellation.js';
import { delayCompensable } from './delay.js';
import { type Disruption, disruptionOf } from './disruption.js';
import { type AirportFound, type AirportLookup, airportAt, journeyDistanceKm } from './distance.js';
import { Eu261Error } from './errors.js';
import { CAUSE_RULINGS } from './extraordinary.js';
import { REDUCTION_LIMIT_MS, reductionApplies } from './reduction.js';
import { scopeOf } from './scope.js';
import { defaultTerritory, type Territory } from './territory.js';
import { eur, hm, utc, wholeMinutes } from './text.js';
import type { Band, Cause, Eu261Assessment, Itinerary, Leg, ReasoningStep } from './types.js';

export interface AssessOptions {
  /** Where airports are; default the bundled OpenFlights table of @overfly/geo. */
  airports?: AirportLookup;
  /** Where the Regulation applies; default data/eu261/territory.csv. */
  territory?: Territory;
}

const UNKNOWN_CAUSE: Cause = { kind: 'UNKNOWN', evidence: [], note: null };

/**
 * What Regulation (EC) No 261/2004 owes the passenger of one booking under Art. 7, with the
 * reasoning that leads there, each step naming its article or judgment. Pure: the same
 * itinerary and tables give the same assessment. An itinerary that cannot be assessed (legs
 * that do not connect, an unknown airport, a missed connection with no word of how the
 * passenger went on) throws an Eu261Error naming the field.
 */
export function assessCompensation(
  itinerary: Itinerary,
  options: AssessOptions = {},
): Eu261Assessment {
  const airports = options.airports ?? defaultAirports();
  const territory = options.territory ?? defaultTerritory();
  const legs = checkedLegs(itinerary);
  const first = legs[0];
  const last = legs[legs.length - 1] as Leg;
  const ends = legs.map((leg, i) => ({
    from: airportAt(airports, leg.from, `legs[${i}].from`),
    to: airportAt(airports, leg.to, `legs[${i}].to`),
  }));
  const origin = ends[0]?.from as AirportFound;
  const destination = ends[ends.length - 1]?.to as AirportFound;

  const disruption = disruptionOf(itinerary);
  const disruptedLeg = disruption.leg === null ? null : (legs[disruption.leg] as Leg);
  const scope = scopeOf({
    origin: { icao: first.from, place: territory.placeOf(first.from) },
    destination: { icao: last.to, place: territory.placeOf(last.to) },
    carrier: (disruptedLeg ?? last).operatingCarrier,
    legCount: legs.length,
    thirdCountryRedress: itinerary.thirdCountryRedress,
  });
  const distanceKm = journeyDistanceKm(origin, destination);
  const band = bandOf(distanceKm, scope.intraCommunity);
  const full = bandAmount(band);
  const delayMs = disruption.arrival === null ? null : disruption.arrival - last.scheduledArrival;
  const cause = disruptedLeg ? (disruptedLeg.cause ?? UNKNOWN_CAUSE) : null;

  const rule = bandRule(band, scope.intraCommunity);
  const reasoning: ReasoningStep[] = [
    scope.step,
    distanceStep(origin, destination, distanceKm, ends),
    {
      topic: 'BAND',
      basis: [rule.basis],
      text: `Band ${band} (${rule.basis}), ${rule.text}: ${eur(full.amountMinor)}.`,
    },
    disruptionStep(itinerary, disruption, delayMs),
  ];
  const result = (
    eligible: boolean,
    extras: { reductionApplied?: boolean; extraordinary?: boolean } = {},
  ): Eu261Assessment => {
    const reductionApplied = eligible && extras.reductionApplied === true;
    // Every Art. 7(1) amount is even in minor units: half of it stays an integer.
    const amountMinor = !eligible ? 0 : reductionApplied ? full.amountMinor / 2 : full.amountMinor;
    reasoning.push({
      topic: 'AMOUNT',
      basis: eligible ? ['Art. 7(1)', ...(reductionApplied ? ['Art. 7(2)'] : [])] : ['Art. 7'],
      text: eligible
        ? `${eur(amountMinor)} owed${reductionApplied ? ` (half of ${eur(full.amountMinor)})` : ''}, in cash, by bank transfer or cheque, or in vouchers if the passenger agrees in writing (Art. 7(3)).`
        : 'No compensation is owed under Art. 7.',
    });
    return {
      eligible,
      amount: { amountMinor, currency: 'EUR' },
      bandAmount: full,
      band,
      inScope: scope.inScope,
      intraCommunity: scope.intraCommunity,
      distanceKm,
      disruption: disruption.kind,
      disruptedLeg: disruption.leg,
      arrivalDelayMinutes: delayMs === null ? null : wholeMinutes(delayMs),
      reductionApplied,
      extraordinary: extras.extraordinary === true,
      cause,
      reasoning,
    };
  };

  if (!scope.inScope || disruption.kind === 'NONE') return result(false);

  const owed = entitlement(itinerary, disruption, delayMs, reasoning);
  if (!owed) return result(false);

  if (disruption.kind !== 'DENIED_BOARDING') {
    const ruling = CAUSE_RULINGS[(cause ?? UNKNOWN_CAUSE).kind];
    const leg = `legs[${disruption.leg}] ${disruptedLeg?.flightNumber}`;
    const evidence = cause?.evidence.length ? ` Evidence: ${cause.evidence.join(', ')}.` : '';
    const note = cause?.note ? ` (${cause.note})` : '';
    reasoning.push({
      topic: 'EXTRAORDINARY',
      basis: ruling.basis,
      text: ruling.extraordinary
        ? `The cause on ${leg} is ${cause?.kind}${note}: ${ruling.why}. Extraordinary circumstances, provided the carrier proves them and that all reasonable measures could not have avoided the disruption: no compensation.${evidence}`
        : `The cause on ${leg} is ${cause?.kind}${note}: ${ruling.why}. Not extraordinary circumstances.${evidence}`,
    });
    if (ruling.extraordinary) {
      reasoning.push({
        topic: 'CARE',
        basis: ['Art. 5(3)', 'Art. 8', 'Art. 9', 'C-12/11 McDonagh'],
        text: 'Art. 5(3) lifts only the compensation: re-routing or refund (Art. 8) and care — meals, refreshments, hotel and transfers (Art. 9) — are still owed, with no limit in time or amount (McDonagh).',
      });
      return result(false, { extraordinary: true });
    }
  }
  return result(true, { reductionApplied: reduction(band, disruption, delayMs, reasoning) });
}

/** The legs, after the checks the zod schema cannot make: each leaves from where the last arrived. */
function checkedLegs(itinerary: Itinerary): [Leg, ...Leg[]] {
  const { legs } = itinerary;
  const [head, ...rest] = legs;
  if (!head) throw new Eu261Error('EU261_INPUT_INVALID', 'at least one leg', { field: 'legs' });
  for (const [i, leg] of legs.entries()) {
    if (leg.scheduledArrival <= leg.scheduledDeparture)
      throw new Eu261Error(
        'EU261_ITINERARY_INVALID',
        `${utc(leg.scheduledArrival)} is not after the scheduled departure ${utc(leg.scheduledDeparture)}`,
        { field: `legs[${i}].scheduledArrival` },
      );
    const before = legs[i - 1];
    if (before && before.to !== leg.from)
      throw new Eu261Error(
        'EU261_ITINERARY_INVALID',
        `${leg.from} is not where legs[${i - 1}] arrives (${before.to})`,
        { field: `legs[${i}].from` },
      );
  }
  return [head, ...rest];
}

function distanceStep(
  origin: AirportFound,
  destination: AirportFound,
  distanceKm: number,
  ends: readonly { from: AirportFound; to: AirportFound }[],
): ReasoningStep {
  const direct = `Great circle from ${origin.name} (${origin.icao}) to ${destination.name} (${destination.icao}): ${distanceKm.toFixed(3)} km, rounded to the metre`;
  if (ends.length === 1)
    return { topic: 'DISTANCE', basis: ['Art. 7(1)', 'Art. 7(4)'], text: `${direct}.` };
  const summed = ends.reduce((sum, leg) => sum + journeyDistanceKm(leg.from, leg.to), 0);
  return {
    topic: 'DISTANCE',
    basis: ['Art. 7(1)', 'Art. 7(4)', 'C-559/16 Bossen'],
    text: `${direct}, first departure to final destination; not the ${summed.toFixed(1)} km of the ${ends.length} legs added up.`,
  };
}

function disruptionStep(
  itinerary: Itinerary,
  disruption: Disruption,
  delayMs: number | null,
): ReasoningStep {
  const { legs } = itinerary;
  const last = legs[legs.length - 1] as Leg;
  const i = disruption.leg ?? legs.length - 1;
  const leg = legs[i] as Leg;
  const name = `legs[${i}] ${leg.flightNumber} ${leg.from}–${leg.to}`;
  const arrived =
    disruption.arrival === null || delayMs === null
      ? `When the passenger reached ${last.to} is not known.`
      : `The passenger reached ${last.to} at ${utc(disruption.arrival)} (${disruption.arrivalFrom}), scheduled ${utc(last.scheduledArrival)}: ${delayMs >= 0 ? `${hm(delayMs)} late` : `${hm(-delayMs)} early`} at the final destination.`;
  const doors = 'C-452/13 Germanwings';
  switch (disruption.kind) {
    case 'NONE':
    case 'DELAY':
      return {
        topic: 'DISRUPTION',
        basis: [doors, ...(legs.length > 1 ? ['C-11/11 Folkerts'] : [])],
        text: `Flown as booked. ${arrived} An actual arrival is the moment a door opened at the gate (Germanwings), which is what the input's actual arrival is taken to be.`,
      };
    case 'MISSED_CONNECTION': {
      const next = legs[i + 1] as Leg;
      const why = leg.missedConnection
        ? 'too late to make the connection (missedConnection)'
        : `at ${utc(leg.actualArrival as number)}, not before legs[${i + 1}] ${next.flightNumber} departed (${utc(next.actualDeparture ?? next.scheduledDeparture)})`;
      return {
        topic: 'DISRUPTION',
        basis: ['C-11/11 Folkerts', doors],
        text: `${name} arrived ${why}: the connection was missed. On one booking the delay counts at the final destination, whichever leg caused it. ${arrived}`,
      };
    }
    case 'CANCELLATION':
      return {
        topic: 'DISRUPTION',
        basis: ['Art. 2(l)', 'Art. 5(1)'],
        text: `${name} was cancelled. ${arrived}`,
      };
    case 'DIVERSION':
      return {
        topic: 'DISRUPTION',
        basis: ['Art. 8(3)', 'C-826/19 Austrian Airlines', doors],
        text: `${name} was diverted. A diverted flight is delayed, not cancelled, and the delay is measured when the passenger reaches the booked destination (or a nearby one agreed with them). ${arrived}`,
      };
    case 'DENIED_BOARDING':
      return {
        topic: 'DISRUPTION',
        basis: ['Art. 2(j)', 'Art. 4'],
        text: `The passenger was denied boarding on ${name} (${leg.deniedBoarding}). ${arrived}`,
      };
  }
}

/** Whether Art. 7 compensation is owed before Art. 5(3) is looked at, its step added. */
function entitlement(
  itinerary: Itinerary,
  disruption: Disruption,
  delayMs: number | null,
  reasoning: ReasoningStep[],
): boolean {
  const { legs } = itinerary;
  const leg = legs[disruption.leg ?? 0] as Leg;
  const last = legs[legs.length - 1] as Leg;
  if (disruption.kind === 'CANCELLATION') {
    const ruling = cancellationRuling({
      scheduledDeparture: leg.scheduledDeparture,
      scheduledArrival: last.scheduledArrival,
      noticeAt: leg.cancellationNoticeAt,
      rerouting: itinerary.rerouting,
    });
    reasoning.push(ruling.step);
    return ruling.owed;
  }
  if (disruption.kind === 'DENIED_BOARDING') {
    const against = leg.deniedBoarding === 'INVOLUNTARY';
    reasoning.push({
      topic: 'DENIED_BOARDING',
      basis: against
        ? ['Art. 4(3)', 'C-22/11 Finnair']
        : leg.deniedBoarding === 'VOLUNTARY'
          ? ['Art. 4(1)']
          : ['Art. 2(j)'],
      text: against
        ? 'Denied boarding against their will: compensation is owed immediately, and extraordinary circumstances are no defence to it (Finnair).'
        : leg.deniedBoarding === 'VOLUNTARY'
          ? 'The passenger volunteered to give up the seat for benefits agreed with the carrier: no Art. 7 compensation.'
          : 'Boarding was refused on reasonable grounds (health, safety, security or inadequate travel documents): not denied boarding in the Regulation’s sense, no compensation.',
    });
    return against;
  }
  const owed = delayMs !== null && delayCompensable(delayMs);
  const late = delayMs === null ? 'not known' : hm(delayMs);
  reasoning.push({
    topic: 'DELAY',
    basis: [
      'C-402/07 Sturgeon',
      'C-581/10 Nelson',
      ...(legs.length > 1 ? ['C-11/11 Folkerts'] : []),
    ],
    text: owed
      ? `${late} late at the final destination, 3 h or more: compensation is owed as for a cancellation.`
      : `${late} late at the final destination, less than 3 h: no compensation (care under Art. 6 and 9 may still be owed).`,
  });
  return owed;
}

/** Art. 7(2): whether the amount is halved, its step added. */
function reduction(
  band: Band,
  disruption: Disruption,
  delayMs: number | null,
  reasoning: ReasoningStep[],
): boolean {
  const point = `Art. 7(2)(${band.toLowerCase()})`;
  const limit = hm(REDUCTION_LIMIT_MS[band]);
  if (delayMs === null) {
    reasoning.push({
      topic: 'REDUCTION',
      basis: ['Art. 7(2)'],
      text: 'No re-routing to the final destination is on record: nothing to halve the compensation for.',
    });
    return false;
  }
  // A plain delay has no re-routing; Sturgeon reads Art. 7(2) onto the delay at the destination.
  const basis = disruption.kind === 'DELAY' ? [point, 'C-402/07 Sturgeon'] : [point];
  const applies = reductionApplies(band, delayMs);
  reasoning.push({
    topic: 'REDUCTION',
    basis,
    text: applies
      ? `Arrived ${hm(delayMs)} after the scheduled arrival, not more than ${limit} (${point}): the carrier may halve the compensation, and the amount owed is the halved one.`
      : `Arrived ${hm(delayMs)} after the scheduled arrival, more than ${limit} (${point}): no reduction.`,
  });
  return applies;
}
