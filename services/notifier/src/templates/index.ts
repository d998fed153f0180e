export {
  type InvoiceMessage,
  invoiceMessageFrom,
  renderInvoiceMessage,
} from './invoice.js';
export {
  type InvoiceMessageKind,
  invoiceMessageKinds,
  isInvoiceMessageKind,
  isPassengerMessageKind,
  type PassengerMessageKind,
  passengerMessageKinds,
} from './kinds.js';
export { type Language, languages, resolveLanguage } from './language.js';
export type { RenderedMessage } from './message.js';
export {
  type PassengerMessage,
  parseScheduleId,
  passengerMessageFrom,
  renderPassengerMessage,
  type ScheduledFlight,
} from './passenger.js';
export { fitsSms, isGsm7, smsSize } from './sms.js';
