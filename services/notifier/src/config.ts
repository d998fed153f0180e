import {
  bool,
  commonConfig,
  csv,
  defineConfig,
  derivedDefault,
  duration,
  enumOf,
  int,
  type LoadedConfig,
  loadConfigOrExit,
  port,
  secret,
  url,
} from '@overfly/config';
import { z } from 'zod';

export const notifierConfigSchema = defineConfig({
  ...commonConfig,
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'a lower-case SQL identifier')
    .default('notifier')
    .describe('PostgreSQL schema of the delivery ledger (search_path); created when missing'),
  DATABASE_POOL_SIZE: int({ min: 2, max: 100 })
    .default(8)
    .describe('Connections in the PostgreSQL pool'),
  KAFKA_GROUP_ID: z
    .string()
    .min(1)
    .default('notifier')
    .describe('Consumer group of passenger.events, invoices.events and disruption.events'),
  KAFKA_SESSION_TIMEOUT: duration()
    .default('6s')
    .describe(
      'How long the group waits for a silent (killed) member before giving its partitions to another',
    ),
  EMAIL_MODE: enumOf(['smtp', 'mock'] as const)
    .default('smtp')
    .describe(
      'smtp: real SMTP (locally Mailpit, which infra starts); mock: write what would be sent to MOCK_OUTBOX_FILE',
    ),
  OVERFLY_SMTP_PORT: port()
    .optional()
    .describe("Port of the local Mailpit's SMTP server; only used to derive SMTP_PORT"),
  SMTP_HOST: z.string().min(1).default('127.0.0.1').describe('SMTP server'),
  SMTP_PORT: derivedDefault(port().describe('SMTP port'), {
    from: ['OVERFLY_SMTP_PORT'],
    compute: (env) => env.OVERFLY_SMTP_PORT?.trim() || '1025',
    shown: `\${OVERFLY_SMTP_PORT:-1025}`,
  }),
  SMTP_SECURE: bool()
    .default(false)
    .describe('TLS from the first byte (port 465); false: STARTTLS when the server offers it'),
  SMTP_USER: z.string().optional().describe('SMTP user, when the server asks for one'),
  SMTP_PASSWORD: secret().optional().describe('SMTP password'),
  MAIL_FROM: z
    .string()
    .min(3)
    .default('Overfly <notifications@overfly.example>')
    .describe('From: of every e-mail'),
  EMAIL_CONCURRENCY: int({ min: 1, max: 64 }).default(4).describe('E-mails in flight at once'),
  SMS_MODE: enumOf(['twilio', 'mock'] as const)
    .default('mock')
    .describe(
      "twilio: Twilio's Programmable Messaging API (channels/sms/README.md); mock: write what would be sent to MOCK_OUTBOX_FILE",
    ),
  SMS_BASE_URL: url()
    .default('https://api.twilio.com')
    .describe('Base URL of the Twilio API (a fake in tests)'),
  TWILIO_ACCOUNT_SID: z
    .string()
    .optional()
    .describe('Twilio Account SID (AC…); required with SMS_MODE=twilio'),
  TWILIO_AUTH_TOKEN: secret().optional().describe('Twilio auth token (or API key secret)'),
  TWILIO_SENDER: z
    .string()
    .optional()
    .describe(
      'Sender: a Messaging Service SID (MG…) or a From number in E.164; required with SMS_MODE=twilio',
    ),
  SMS_CONCURRENCY: int({ min: 1, max: 64 }).default(4).describe('SMS in flight at once'),
  WEBHOOK_MODE: enumOf(['http', 'mock'] as const)
    .default('http')
    .describe(
      'http: POST signed deliveries to the subscribers; mock: write them to MOCK_OUTBOX_FILE',
    ),
  WEBHOOK_SUBSCRIPTIONS: z
    .string()
    .default('[]')
    .describe(
      'Webhook subscribers, JSON: [{"id","url","secret","eventTypes":["disruption.*","invoice.issued"]}] (channels/webhook/README.md)',
    ),
  WEBHOOK_CONCURRENCY: int({ min: 1, max: 64 })
    .default(8)
    .describe('Webhook deliveries in flight at once'),
  NOTIFIER_SEND_TIMEOUT: duration()
    .default('10s')
    .describe('Longest wait for one SMTP, SMS or webhook attempt'),
  NOTIFIER_BREAKER_RESET: duration()
    .default('30s')
    .describe(
      "How long a channel's circuit breaker stays open before one probe (per provider; per endpoint origin for webhooks)",
    ),
  NOTIFIER_RATE_LIMITS: enumOf(['on', 'off'] as const)
    .default('on')
    .describe(
      "off: no client-side rate limit on any channel (benchmarks against local fakes); a provider's 429 and Retry-After are still obeyed",
    ),
  CONTACTS_MODE: enumOf(['mock', 'http'] as const)
    .default('mock')
    .describe(
      "mock: addresses under .example and Ofcom's drama numbers, languages from the network scenarios; http: the airline's contact lookup at CONTACTS_URL",
    ),
  CONTACTS_URL: url()
    .optional()
    .describe(
      'Base URL of the contact lookup (GET /contacts/{ref}); required with CONTACTS_MODE=http',
    ),
  CONTACTS_TOKEN: secret().optional().describe('Bearer token of the contact lookup'),
  MOCK_SCENARIOS: csv()
    .default(
      'network-normal,network-weather-hub,network-technical,network-atc-congestion,network-cascade,network-airline-wide,network-chaos',
    )
    .describe("Network scenarios whose passengers' languages the mock contact directory knows"),
  MOCK_OUTBOX_FILE: z
    .string()
    .min(1)
    .default('.overfly/notifier/outbox.jsonl')
    .describe('Where mock channels write what they would have sent, one JSON line each'),
  NOTIFIER_MAX_ATTEMPTS: int({ min: 1, max: 100 })
    .default(8)
    .describe('Attempts before a transiently failing delivery is dead-lettered'),
  NOTIFIER_RETRY_BASE: duration()
    .default('2s')
    .describe('First retry delay (doubling, with jitter)'),
  NOTIFIER_RETRY_CAP: duration().default('10m').describe('Longest retry delay'),
  NOTIFIER_LEASE: duration()
    .default('2m')
    .describe(
      "How long a claimed send is its process's; past it a send cut short by a crash is sent again, same idempotency key",
    ),
  NOTIFIER_RETENTION: duration()
    .default('100d')
    .describe(
      "How long finished deliveries (and their idempotency keys) are kept; longer than the source topics' retention (90 days for invoices.events)",
    ),
});

export type NotifierConfig = LoadedConfig<typeof notifierConfigSchema>;

export function loadNotifierConfig(): NotifierConfig {
  const config = loadConfigOrExit(notifierConfigSchema);
  return config;
}
