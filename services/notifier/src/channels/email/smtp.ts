import {
  type BreakerOptions,
  createBreaker,
  createRateLimiter,
  type RateLimitOptions,
} from '@overfly/resilience';
import nodemailer from 'nodemailer';
import { DeliveryError } from '../delivery-error.js';

export interface SmtpOptions {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user?: string;
  password?: string;
  /** `Overfly <notifications@…>`. */
  from: string;
  /** Connect, greeting and socket timeouts of one send. */
  timeoutMs?: number;
  breaker?: BreakerOptions;
  rateLimit?: RateLimitOptions;
  onBreaker?: (state: string) => void;
}

interface Email {
  idempotencyKey: string;
  notificationId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  language: string;
}

export interface EmailSender {
  send(email: Email): Promise<{ providerMessageId: string }>;
  close(): Promise<void>;
}

/** SMTP reply codes: 4xx is "try again later", 5xx is "never" (RFC 5321 §4.2.1). */
function classify(error: unknown): DeliveryError {
  const e = error as { responseCode?: number; code?: string; message?: string };
  const text = e.message ?? String(error);
  if (typeof e.responseCode === 'number' && e.responseCode >= 500)
    return new DeliveryError(`SMTP ${e.responseCode}: ${text}`, { permanent: true, cause: error });
  return new DeliveryError(`SMTP ${e.responseCode ?? e.code ?? 'error'}: ${text}`, {
    permanent: false,
    cause: error,
  });
}

/**
 * E-mail over SMTP (nodemailer), behind a breaker and a rate limit (packages/resilience).
 * Each message carries a Message-ID made from its notification id, the same on every
 * attempt: a message sent again after a crash between the server's "250 OK" and the ledger's
 * mark is the same message to the recipient's mail system, which may fold the two.
 */
export function smtpSender(options: SmtpOptions): EmailSender {
  const timeout = options.timeoutMs ?? 15_000;
  const transport = nodemailer.createTransport({
    host: options.host,
    port: options.port,
    secure: options.secure,
    ...(options.user ? { auth: { user: options.user, pass: options.password ?? '' } } : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    pool: true,
    maxConnections: 4,
  });
  // A refused address says nothing of the server's health; only transient failures count.
  const breaker = createBreaker(
    'smtp',
    options.breaker ?? {},
    (state) => options.onBreaker?.(state),
    (error) => !(error instanceof DeliveryError && error.permanent),
  );
  const limiter = createRateLimiter(
    options.rateLimit ?? { reservoir: null, maxConcurrent: 4 },
    'smtp',
  );
  return {
    async send(email) {
      try {
        return await limiter.schedule(() =>
          breaker.fire(async () => {
            try {
              const info = await transport.sendMail({
                from: options.from,
                to: email.to,
                subject: email.subject,
                text: email.text,
                html: email.html,
                messageId: `<${email.notificationId}@notifier.overfly>`,
                headers: {
                  'Content-Language': email.language,
                  'X-Overfly-Idempotency-Key': email.idempotencyKey,
                  // Automated mail: no out-of-office replies (RFC 3834).
                  'Auto-Submitted': 'auto-generated',
                },
              });
              return { providerMessageId: String(info.messageId) };
            } catch (error) {
              throw classify(error);
            }
          }),
        );
      } catch (error) {
        if (error instanceof DeliveryError) throw error;
        // The breaker open (or the client closed): transient, retry after it may close.
        const retryAfterMs = (error as { retryAfterMs?: number }).retryAfterMs;
        throw new DeliveryError(String((error as Error).message ?? error), {
          permanent: false,
          ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
          cause: error,
        });
      }
    },
    async close() {
      breaker.shutdown();
      await limiter.stop();
      transport.close();
    },
  };
}
