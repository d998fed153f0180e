import { mockOutbox } from '../mock-outbox.js';
import type { SmsMessage } from './sender.js';

/** SMS_MODE=mock: the SMS is written to the mock outbox file, not sent. */
export function mockSmsSender(file: string) {
  const outbox = mockOutbox(file);
  return {
    async send(message: SmsMessage) {
      await outbox.write('SMS', message.idempotencyKey, { to: message.to, body: message.body });
      return { providerMessageId: `mock-${message.idempotencyKey}`, providerStatus: 'mock' };
    },
    /** The outbox file is never read back: a resumed mock SMS is written again. */
    async findSent(): Promise<string | null> {
      return null;
    },
    async close() {},
  };
}
