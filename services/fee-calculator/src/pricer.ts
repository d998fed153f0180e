import {
  describePassage,
  type PricingSetup,
  pricePassage,
  type ZonePassage,
} from '@overfly/charges';
import type { OutgoingRecord } from '@overfly/kafka';
import type { ChargeCalculated } from '@overfly/schemas';

/**
 * One ended charging-zone passage → its charges.calculated record, keyed by the passage id
 * (the crossing id of its first crossing), so a later price of the same passage (a crossing
 * sent again changed, a new tariff) replaces the earlier one for consumers that compact or
 * upsert.
 */
export function chargeRecord(
  passage: ZonePassage,
  context: PricingSetup,
  now: number,
): OutgoingRecord<ChargeCalculated> {
  const described = describePassage(passage);
  const charge = pricePassage(
    passage,
    // What the passage itself says of the flight's aerodromes; the flight-type flags (state,
    // military, …) are not on the topic yet: unknown, not false.
    { departureAirport: described.departureAirport, arrivalAirport: described.arrivalAirport },
    { ...context, options: { ...context.options, calculatedAt: now } },
  );
  return { key: passage.passageId, value: charge };
}
