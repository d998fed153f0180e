import { type CrossingInput, type PricingSetup, priceCrossing } from '@overfly/charges';
import type { OutgoingRecord } from '@overfly/kafka';
import type { ChargeCalculated, FirCrossing } from '@overfly/schemas';

/**
 * One fir.crossings record → its charges.calculated record, keyed by crossing id so a
 * later version (PROVISIONAL → FINAL, a new tariff) replaces the earlier one for
 * consumers that compact or upsert. Invalid input (negative distance, …) throws the
 * package's non-retriable ChargesError: the consumer loop dead-letters it at once.
 */
export function chargeRecord(
  crossing: FirCrossing,
  context: PricingSetup,
  now: number,
): OutgoingRecord<ChargeCalculated> {
  const input: CrossingInput = crossing;
  const charge = priceCrossing(
    input,
    // A crossing knows the flight's aerodromes only where they are inside its FIR; the
    // flight-type flags (state, military, …) are not on the topic yet: unknown, not false.
    { departureAirport: crossing.departureAirport, arrivalAirport: crossing.arrivalAirport },
    { ...context, options: { ...context.options, calculatedAt: now } },
  );
  return { key: crossing.crossingId, value: charge };
}
