import type { InvoiceEvent, PassengerEvent } from '@overfly/schemas';
import type { Delivery } from '../ledger/delivery.js';
import {
  isInvoiceMessageKind,
  renderInvoiceMessage,
  renderPassengerMessage,
} from '../templates/index.js';
import type { Rendered } from './render.js';

/**
 * The message of a passenger or invoice delivery in `language` (the templates fall back to
 * English); null when its kind has no message (the delivery is then suppressed).
 */
export function renderDelivery(d: Delivery, language: string): Rendered | null {
  if (d.sourceTopic === 'passenger.events')
    return renderPassengerMessage(d.event as PassengerEvent, language);
  if (d.sourceTopic === 'invoices.events' && isInvoiceMessageKind(d.kind))
    return renderInvoiceMessage(d.event as InvoiceEvent, d.kind, language);
  return null;
}
