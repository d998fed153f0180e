import { mockOutbox } from '../mock-outbox.js';
import type { WebhookDelivery } from './sender.js';

/** WEBHOOK_MODE=mock: the signed delivery is written to the mock outbox file, not posted. */
export function mockWebhookSender(file: string) {
  const outbox = mockOutbox(file);
  return {
    async send(delivery: WebhookDelivery) {
      await outbox.write('WEBHOOK', delivery.idempotencyKey, {
        url: delivery.url,
        eventType: delivery.eventType,
        body: JSON.parse(delivery.body) as unknown,
      });
      return { providerMessageId: delivery.idempotencyKey, providerStatus: 'mock' };
    },
    async close() {},
  };
}
