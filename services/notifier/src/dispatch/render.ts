import type { Delivery } from '../ledger/delivery.js';

/** A message in one language, for every channel that carries words. */
export interface Rendered {
  /** The language used (the recipient's, or English when there is no template in theirs). */
  language: string;
  subject: string;
  text: string;
  html: string;
  sms: string;
}

/**
 * Renders a delivery's message in a language (the templates, by source topic and kind);
 * null when there is no message of that kind.
 */
export type Render = (delivery: Delivery, language: string) => Rendered | null;
