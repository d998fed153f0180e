// SMS through Twilio Programmable Messaging, "Create a Message resource"
// (https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource):
//   POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json
//   HTTP Basic AccountSid:AuthToken (or ApiKeySid:ApiKeySecret), form-encoded
//   To=<E.164>&From=<number or alphanumeric id> | MessagingServiceSid=MG…&Body=…[&StatusCallback=…]
//   → 201 { sid: "SM…", status: "queued" | "accepted", … }
//   → 4xx/5xx { code, message, more_info, status }; 429 when over the account's limits.
// Twilio documents no idempotency key for this call: the key is still sent, as
// `Idempotency-Key`, which Twilio ignores and test-support's fake records (README.md).
// Every call goes through @overfly/resilience's HTTP client: breaker, rate limit (with the
// 429 hold), retries with full-jitter backoff, per-attempt timeout.
import {
  type BreakerOptions,
  type BreakerState,
  createHttpClient,
  type HttpClientStats,
  type RateLimitOptions,
  type ResilienceEvent,
  type RetryPolicy,
} from '@overfly/resilience';
import { z } from 'zod';
import { isE164 } from './e164.js';
import { SmsError, smsErrorFrom } from './errors.js';

const TWILIO_API_BASE_URL = 'https://api.twilio.com';

/** Twilio's limit on `Body` (longer bodies are refused with error 21617). */
const SMS_BODY_MAX_CHARS = 1_600;

/** A conservative default; tune to the account's concurrency and the senders' throughput. */
const SMS_DEFAULT_RATE_LIMIT: Readonly<RateLimitOptions> = Object.freeze({
  maxConcurrent: 10,
  minTime: 10,
});

const SMS_DEFAULT_RETRY: Readonly<Partial<RetryPolicy>> = Object.freeze({
  maxAttempts: 3,
  baseDelayMs: 250,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 30_000,
});

export interface SmsSenderOptions {
  /** Default https://api.twilio.com; tests point it at test-support's fake provider. */
  baseUrl?: string;
  /** `AC…`: the account the message is created in (the URL's `{AccountSid}`). */
  accountSid: string;
  /** The account's auth token, or the API key's secret when `apiKeySid` is given. */
  authToken: string;
  /** `SK…`: authenticate with this API key (Twilio's advice for production) instead. */
  apiKeySid?: string;
  /**
   * Who the message comes from: a Messaging Service SID (`MG` + 32 hex) is sent as
   * `MessagingServiceSid`, anything else (an E.164 number, a short code, an alphanumeric
   * sender id) as `From`.
   */
  senderId: string;
  /** Twilio POSTs the message's status changes here (`StatusCallback`). */
  statusCallbackUrl?: string;
  /** Per attempt. Default 10 s. */
  timeoutMs?: number;
  /** Default SMS_DEFAULT_RATE_LIMIT. */
  rateLimit?: RateLimitOptions;
  /** Default SMS_DEFAULT_RETRY: 3 attempts. */
  retry?: Partial<RetryPolicy>;
  breaker?: BreakerOptions;
  /** Every request, retry, failure, breaker transition and 429 hold, for metrics and logs. */
  onEvent?: (event: ResilienceEvent) => void;
  /** The client's name in events and errors. Default 'sms-twilio'. */
  name?: string;
  /** Injected for deterministic backoff in tests. */
  random?: () => number;
}

export interface SmsMessage {
  /** The same on every attempt of one notification. */
  idempotencyKey: string;
  /** E.164 (`+447700900123`). */
  to: string;
  body: string;
}

interface SmsResult {
  /** Twilio's Message SID (`SM…`). */
  providerMessageId: string;
  /** Twilio's status at creation: `queued` (From) or `accepted` (Messaging Service). */
  providerStatus: string;
}

export interface SmsSender {
  /** Throws SmsError: `permanent` (dead-letter) or transient (retry after `retryAfterMs`). */
  send(message: SmsMessage, signal?: AbortSignal): Promise<SmsResult>;
  /**
   * The sid of a message to `to` with exactly `body` that Twilio created at or after `since`,
   * or null: asked before sending again a message whose first send's outcome is unknown (a
   * crash between Twilio's answer and the ledger's mark), since Twilio has no idempotency key.
   */
  findSent(
    query: { to: string; body: string; since: number },
    signal?: AbortSignal,
  ): Promise<string | null>;
  breakerState(): BreakerState;
  stats(): HttpClientStats;
  close(): Promise<void>;
}

const MESSAGING_SERVICE_SID = /^MG[0-9a-f]{32}$/i;

/** Visible ASCII, inner spaces allowed: what an HTTP header value can carry unchanged. */
const HEADER_VALUE = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

const messageResource = z.object({ sid: z.string().min(1), status: z.string().min(1) });

/** A page of Twilio's message list: what `findSent` reads of it. */
const messagePage = z.object({
  messages: z.array(
    z.object({
      sid: z.string().min(1),
      to: z.string().nullable(),
      body: z.string().nullable(),
      date_created: z.string().nullable(),
    }),
  ),
});

/** `2025-06-14`: the UTC date Twilio's `DateSent>=` filter takes. */
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function createSmsSender(options: SmsSenderOptions): SmsSender {
  for (const field of ['accountSid', 'authToken', 'senderId'] as const) {
    if (!options[field]?.trim()) throw new TypeError(`sms sender: ${field} must not be empty`);
  }
  const username = options.apiKeySid ?? options.accountSid;
  const credentials = Buffer.from(`${username}:${options.authToken}`).toString('base64');
  const http = createHttpClient({
    name: options.name ?? 'sms-twilio',
    baseUrl: options.baseUrl ?? TWILIO_API_BASE_URL,
    timeoutMs: options.timeoutMs ?? 10_000,
    headers: {
      accept: 'application/json',
      authorization: `Basic ${credentials}`,
      'user-agent': 'overfly-notifier',
    },
    rateLimit: options.rateLimit ?? SMS_DEFAULT_RATE_LIMIT,
    retry: { ...SMS_DEFAULT_RETRY, ...options.retry },
    ...(options.breaker ? { breaker: options.breaker } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    ...(options.random ? { random: options.random } : {}),
  });
  const path = `/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`;
  const sender = MESSAGING_SERVICE_SID.test(options.senderId)
    ? { MessagingServiceSid: options.senderId }
    : { From: options.senderId };

  return {
    async send(message, signal) {
      validate(message);
      const form = new URLSearchParams({ To: message.to, ...sender, Body: message.body });
      if (options.statusCallbackUrl) form.set('StatusCallback', options.statusCallbackUrl);
      let response: { status: number; body: unknown };
      try {
        response = await http.post<unknown>(path, form.toString(), {
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'idempotency-key': message.idempotencyKey,
          },
          ...(signal ? { signal } : {}),
        });
      } catch (error) {
        throw smsErrorFrom(error);
      }
      const parsed = messageResource.safeParse(response.body);
      if (!parsed.success) {
        throw new SmsError('NOTIFIER_SMS_RESPONSE_INVALID', `answered ${response.status}`, {
          status: response.status,
        });
      }
      return { providerMessageId: parsed.data.sid, providerStatus: parsed.data.status };
    },
    async findSent({ to, body, since }, signal) {
      // Twilio's list of messages to that number since the day `since` falls on, newest
      // first (List Message resources: To, DateSent>=, PageSize); one page is enough for
      // the minutes a crash leaves a send unresolved.
      let response: { status: number; body: unknown };
      try {
        response = await http.get<unknown>(path, {
          query: { To: to, 'DateSent>': utcDay(since), PageSize: 100 },
          cacheTtlMs: 0,
          ...(signal ? { signal } : {}),
        });
      } catch (error) {
        throw smsErrorFrom(error);
      }
      const parsed = messagePage.safeParse(response.body);
      if (!parsed.success)
        throw new SmsError('NOTIFIER_SMS_RESPONSE_INVALID', `list answered ${response.status}`, {
          status: response.status,
        });
      const found = parsed.data.messages.find(
        (m) =>
          m.to === to &&
          m.body === body &&
          m.date_created !== null &&
          // RFC 2822 to the second: a second of slack for the clocks' rounding.
          Date.parse(m.date_created) >= since - 1_000,
      );
      return found?.sid ?? null;
    },
    breakerState: () => http.breakerState(),
    stats: () => http.stats(),
    close: () => http.close(),
  };
}

/** Refused before any call. No phone number goes into the error: it ends up in logs and dead letters. */
function validate(message: SmsMessage): void {
  if (!HEADER_VALUE.test(message.idempotencyKey ?? ''))
    throw new SmsError(
      'NOTIFIER_SMS_INVALID_MESSAGE',
      'idempotencyKey must be non-blank visible ASCII (it is sent as a header)',
    );
  if (typeof message.to !== 'string' || !isE164(message.to)) {
    throw new SmsError(
      'NOTIFIER_SMS_INVALID_NUMBER',
      `to is ${typeof message.to === 'string' ? `${message.to.length} characters` : typeof message.to}, not +<7 to 15 digits>`,
    );
  }
  const length = [...(message.body ?? '')].length;
  if (length === 0 || length > SMS_BODY_MAX_CHARS) {
    throw new SmsError('NOTIFIER_SMS_INVALID_MESSAGE', `body has ${length} characters`);
  }
}
