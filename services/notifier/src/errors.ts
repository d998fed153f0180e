import { defineErrors } from '@overfly/errors';

// The notifier's own errors, declared once as data; the SMS and webhook channels declare
// theirs beside them (channels/sms/errors.ts, channels/webhook/errors.ts). README.md lists
// every code; errors.test.ts keeps the two in sync.
export const notifierErrors = defineErrors('NOTIFIER', {
  EVENT_ID_MISSING: {
    message:
      'A source event has no eventId, so no idempotency key: it is dead-lettered, not planned',
    retriable: false,
  },
  UNDELIVERABLE: {
    message:
      'A notification was refused by its receiver, or failed NOTIFIER_MAX_ATTEMPTS times: dead-lettered with the source event’s coordinates and the reason',
    retriable: false,
  },
});
