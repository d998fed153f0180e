// Passenger data is personal data. What identifies a passenger in an export (the record
// locator and the name element's number) is replaced at the boundary by a keyed HMAC
// (HMAC-SHA-256, RFC 2104) under PASSENGER_ID_KEY: the same booking gives the same ids on
// every leg, and without the key nobody can go back from an id to a booking, nor link two
// ids to one another (GDPR Art. 4(5) pseudonymisation: the key is the "additional
// information kept separately"). Rotating the key changes every id.
import { createHmac } from 'node:crypto';

export interface Pseudonymiser {
  bookingId(carrier: string, pnr: string): string;
  passengerId(carrier: string, pnr: string, nameNumber: number): string;
}

/** 128 bits of the HMAC, base64url: short, and collision-free at any realistic volume. */
function digest(key: string, ...parts: string[]): string {
  // NUL between the parts, so ("AB", "C") and ("A", "BC") never collide.
  return createHmac('sha256', key).update(parts.join('\u0000')).digest('base64url').slice(0, 22);
}

export function createPseudonymiser(key: string): Pseudonymiser {
  return {
    // The carrier scopes the locator: two reservation systems may issue the same one.
    bookingId: (carrier, pnr) => `b_${digest(key, 'booking', carrier, pnr)}`,
    passengerId: (carrier, pnr, nameNumber) =>
      `p_${digest(key, 'passenger', carrier, pnr, String(nameNumber))}`,
  };
}
