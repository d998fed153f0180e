import { mockOutbox } from '../mock-outbox.js';
import type { EmailSender } from './smtp.js';

/** EMAIL_MODE=mock: the e-mail is written to the mock outbox file, not sent. */
export function mockEmailSender(file: string): EmailSender {
  const outbox = mockOutbox(file);
  return {
    async send(email) {
      await outbox.write('EMAIL', email.idempotencyKey, {
        to: email.to,
        language: email.language,
        subject: email.subject,
        text: email.text,
      });
      return { providerMessageId: `mock-${email.notificationId}` };
    },
    async close() {},
  };
}
