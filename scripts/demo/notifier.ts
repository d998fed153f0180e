/**
 * The notifier as the demo runs it: e-mail by real SMTP to the Mailpit that infra brought
 * up (read it at its web page), SMS and webhooks in the notifier's documented mock mode
 * (written to an outbox file, nothing leaves the machine), contacts from its mock directory
 * (addresses under .example, Ofcom's drama numbers, the languages the network scenarios gave
 * the bookings). Its ledger is in a schema of its own beside the demo's.
 */
import { randomBytes } from 'node:crypto';
import type { InfraEndpoints } from '@overfly/infra';

export interface NotifierPlan {
  /** The delivery ledger's schema: `<DATABASE_SCHEMA>_notifier` beside the demo's, else `notifier`. */
  schema: string;
  /** Where the mock SMS and webhooks are written, one JSON line each. */
  outboxFile: string;
  /** The one webhook subscription: the disruptions, to the mock outbox. */
  webhookSubscriptionId: string;
  webhookEventTypes: string[];
}

const WEBHOOK_SUBSCRIPTION_ID = 'demo-mock-outbox';

export function notifierPlan(env: NodeJS.ProcessEnv, root: string): NotifierPlan {
  const shared = env.DATABASE_SCHEMA?.trim();
  return {
    schema: shared ? `${shared}_notifier` : 'notifier',
    outboxFile: `${root}.overfly/notifier/outbox.jsonl`,
    webhookSubscriptionId: WEBHOOK_SUBSCRIPTION_ID,
    webhookEventTypes: ['disruption.*'],
  };
}

/**
 * Its environment. The consumer group stays the notifier's own (`notifier`) whatever the
 * schema: what it sends goes to the outside (Mailpit), so a new ledger must not send the
 * topics' history there a second time; it tells what happens from now on.
 *
 * Webhooks: the notifier has no subscriber by default, so mock mode would show nothing. The
 * demo subscribes one, named for what it is: in WEBHOOK_MODE=mock its deliveries are signed
 * and written to the outbox, never posted (the URL, on the loopback, is never called), with
 * a secret made for this run.
 */
export function notifierEnv(endpoints: InfraEndpoints, plan: NotifierPlan): Record<string, string> {
  const subscription = {
    id: plan.webhookSubscriptionId,
    url: 'http://127.0.0.1/overfly-demo/webhooks-are-mocked',
    secret: randomBytes(32).toString('hex'),
    eventTypes: plan.webhookEventTypes,
  };
  return {
    DATABASE_SCHEMA: plan.schema,
    EMAIL_MODE: 'smtp',
    SMTP_HOST: endpoints.smtpHost,
    SMTP_PORT: String(endpoints.smtpPort),
    SMS_MODE: 'mock',
    WEBHOOK_MODE: 'mock',
    WEBHOOK_SUBSCRIPTIONS: JSON.stringify([subscription]),
    CONTACTS_MODE: 'mock',
    MOCK_OUTBOX_FILE: plan.outboxFile,
  };
}
