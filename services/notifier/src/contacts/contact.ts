/** How to reach a recipient, resolved at send time (never stored, never on Kafka). */
export interface Contact {
  /** BCP 47 tag of the language messages go out in (`de`, `fr-CA`, `en`). */
  language: string;
  email: string | null;
  /** E.164 (`+447700900123`). */
  phone: string | null;
}

/**
 * Resolves a delivery's recipientRef: a passenger's contactRef (an opaque reference into
 * the airline's customer system) or `operator:<ICAO>` (an operator's billing contact).
 * null: nobody to reach under that reference (the delivery is recorded as suppressed).
 */
export interface ContactDirectory {
  lookup(recipientRef: string): Promise<Contact | null>;
}

export const OPERATOR_PREFIX = 'operator:';
