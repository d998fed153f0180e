import { mockEmailSender } from '../channels/email/mock.js';
import { smtpSender } from '../channels/email/smtp.js';
import { mockSmsSender } from '../channels/sms/mock.js';
import { createSmsSender } from '../channels/sms/sender.js';
import { mockWebhookSender } from '../channels/webhook/mock.js';
import { createWebhookSender } from '../channels/webhook/sender.js';
import type { WebhookSubscription } from '../channels/webhook/subscriptions.js';
import type { NotifierConfig } from '../config.js';
import type { ContactDirectory } from '../contacts/contact.js';
import type { ChannelDriver } from './driver.js';
import { emailDriver } from './email-driver.js';
import { smsDriver } from './sms-driver.js';
import { renderDelivery } from './templates-render.js';
import { webhookDriver } from './webhook-driver.js';

/** A setting that one mode needs, missing: said with the variable's name. */
function required(value: string | undefined, name: string, mode: string): string {
  if (value === undefined || value === '') throw new Error(`${name} is required with ${mode}`);
  return value;
}

/** The channel drivers the configuration asks for: e-mail, SMS and webhooks, live or mock. */
export function driversOf(
  config: NotifierConfig,
  contacts: ContactDirectory,
  subscriptions: readonly WebhookSubscription[],
): ChannelDriver[] {
  const timeoutMs = config.NOTIFIER_SEND_TIMEOUT;
  const breaker = { resetTimeout: config.NOTIFIER_BREAKER_RESET };
  // Off: only how many are in flight at once (the channel's concurrency) limits the pace.
  const unlimited =
    config.NOTIFIER_RATE_LIMITS === 'off' ? { rateLimit: { maxConcurrent: null } } : {};
  const email =
    config.EMAIL_MODE === 'mock'
      ? mockEmailSender(config.MOCK_OUTBOX_FILE)
      : smtpSender({
          host: config.SMTP_HOST,
          port: config.SMTP_PORT,
          secure: config.SMTP_SECURE,
          ...(config.SMTP_USER ? { user: config.SMTP_USER } : {}),
          ...(config.SMTP_PASSWORD ? { password: config.SMTP_PASSWORD } : {}),
          from: config.MAIL_FROM,
          timeoutMs,
          breaker,
          ...unlimited,
        });
  const sms =
    config.SMS_MODE === 'mock'
      ? mockSmsSender(config.MOCK_OUTBOX_FILE)
      : createSmsSender({
          baseUrl: config.SMS_BASE_URL,
          accountSid: required(config.TWILIO_ACCOUNT_SID, 'TWILIO_ACCOUNT_SID', 'SMS_MODE=twilio'),
          authToken: required(config.TWILIO_AUTH_TOKEN, 'TWILIO_AUTH_TOKEN', 'SMS_MODE=twilio'),
          senderId: required(config.TWILIO_SENDER, 'TWILIO_SENDER', 'SMS_MODE=twilio'),
          timeoutMs,
          breaker,
          // One attempt per send: a retry is the dispatcher's, which first asks Twilio's
          // message list whether the earlier attempt went (Twilio takes no idempotency key).
          retry: { maxAttempts: 1 },
          ...unlimited,
        });
  const webhooks =
    config.WEBHOOK_MODE === 'mock'
      ? mockWebhookSender(config.MOCK_OUTBOX_FILE)
      : // One attempt per send: retries are the dispatcher's (Retry-After honoured there),
        // so a send never outlasts its timeout, and so its lease.
        createWebhookSender({ timeoutMs, breaker, retry: { maxAttempts: 1 }, ...unlimited });
  return [
    emailDriver({
      sender: email,
      contacts,
      render: renderDelivery,
      concurrency: config.EMAIL_CONCURRENCY,
    }),
    smsDriver({
      sender: sms,
      contacts,
      render: renderDelivery,
      concurrency: config.SMS_CONCURRENCY,
    }),
    webhookDriver({ sender: webhooks, subscriptions, concurrency: config.WEBHOOK_CONCURRENCY }),
  ];
}
