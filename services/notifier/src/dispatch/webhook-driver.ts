import type { WebhookSender } from '../channels/webhook/sender.js';
import type { WebhookSubscription } from '../channels/webhook/subscriptions.js';
import type { ChannelDriver } from './driver.js';

/**
 * The document a subscriber receives: the event as its topic carries it, under the
 * notification id (also the Idempotency-Key header: a receiver dedupes on it).
 */
function webhookBody(d: {
  notificationId: string;
  kind: string;
  sourceTopic: string;
  createdAt: number;
  event: unknown;
}): string {
  return JSON.stringify({
    id: d.notificationId,
    type: d.kind,
    topic: d.sourceTopic,
    createdAt: new Date(d.createdAt).toISOString(),
    data: d.event,
  });
}

/** Webhooks: the subscription named by the delivery, signed and sent by the webhook sender. */
export function webhookDriver(options: {
  sender: Pick<WebhookSender, 'send' | 'close'>;
  subscriptions: readonly WebhookSubscription[];
  concurrency: number;
}): ChannelDriver {
  const byId = new Map(options.subscriptions.map((s) => [s.id, s]));
  return {
    channel: 'WEBHOOK',
    concurrency: options.concurrency,
    async deliver(d) {
      const subscription = byId.get(d.recipientRef);
      if (!subscription)
        return {
          sent: false,
          suppressed: `subscription ${d.recipientRef} is no longer configured`,
        };
      const { providerMessageId } = await options.sender.send({
        idempotencyKey: d.notificationId,
        url: subscription.url,
        secret: subscription.secret,
        eventType: d.kind,
        body: webhookBody(d),
      });
      // The receiver's 2xx says it has the event: delivered, not only sent.
      return { sent: true, providerMessageId, delivered: true };
    },
    close: () => options.sender.close(),
  };
}
