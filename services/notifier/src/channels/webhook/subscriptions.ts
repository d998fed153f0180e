// Who receives webhooks: a JSON array of subscriptions, each an endpoint, the secret its
// deliveries are signed with, and the event types it takes (`invoice.issued`,
// `passenger.*`, `*`; matched by plan/event-types.ts's `subscribed`).
import { z } from 'zod';
import { WebhookError } from './errors.js';

export interface WebhookSubscription {
  /** Stable: it is the delivery's recipient reference, so part of its idempotency key. */
  id: string;
  url: string;
  /** HMAC key of the Overfly-Signature; at least MIN_SECRET_LENGTH characters. */
  secret: string;
  eventTypes: string[];
}

/** 32 characters: at least 128 bits for a hex secret, more for base64 or random text. */
export const MIN_SECRET_LENGTH = 32;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1']);

/**
 * Why a URL cannot receive webhooks, or undefined when it can: https, or plain http only to
 * localhost/127.0.0.1 (local development and tests); no credentials in the URL.
 */
export function endpointUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (parsed.username || parsed.password) return 'must not carry credentials (user:password@)';
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname)) return undefined;
  return `must be https unless the host is localhost or 127.0.0.1 (got ${parsed.protocol}//${parsed.host})`;
}

const EVENT_TYPE = /^(\*|[a-z0-9_]+(\.[a-z0-9_]+)*(\.\*)?)$/;

const subscriptionSchema = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,100}$/, 'must be 1 to 100 letters, digits, ".", "_", ":" or "-"'),
    url: z.string().superRefine((url, ctx) => {
      const problem = endpointUrlProblem(url);
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
    }),
    secret: z.string().min(MIN_SECRET_LENGTH, `must have at least ${MIN_SECRET_LENGTH} characters`),
    eventTypes: z
      .array(
        z
          .string()
          .regex(EVENT_TYPE, 'must be an event type (invoice.issued), a prefix (passenger.*) or *'),
      )
      .min(1, 'must name at least one event type'),
  })
  .strict();

/**
 * Parses and checks the subscriptions JSON (an array). Throws NOTIFIER_WEBHOOK_SUBSCRIPTIONS_INVALID
 * listing every problem, each naming its entry by index and id; never quoting a secret.
 */
export function parseSubscriptions(json: string): WebhookSubscription[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new WebhookError(
      'NOTIFIER_WEBHOOK_SUBSCRIPTIONS_INVALID',
      `not JSON: ${(error as Error).message}`,
    );
  }
  if (!Array.isArray(raw)) {
    throw new WebhookError(
      'NOTIFIER_WEBHOOK_SUBSCRIPTIONS_INVALID',
      'expected a JSON array of subscriptions',
    );
  }

  const problems: string[] = [];
  const subscriptions: WebhookSubscription[] = [];
  const firstIndexOfId = new Map<string, number>();
  raw.forEach((entry: unknown, index) => {
    const id = (entry as { id?: unknown } | null)?.id;
    const name = `subscriptions[${index}]${typeof id === 'string' ? ` (id "${id}")` : ''}`;
    const parsed = subscriptionSchema.safeParse(entry);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const where = issue.path.length > 0 ? `.${issue.path.join('.')}` : '';
        problems.push(`${name}${where}: ${issue.message}`);
      }
      return;
    }
    const earlier = firstIndexOfId.get(parsed.data.id);
    if (earlier !== undefined) {
      problems.push(`${name}: the id is already used by subscriptions[${earlier}]`);
      return;
    }
    firstIndexOfId.set(parsed.data.id, index);
    subscriptions.push(parsed.data);
  });
  if (problems.length > 0)
    throw new WebhookError('NOTIFIER_WEBHOOK_SUBSCRIPTIONS_INVALID', problems.join('; '));
  return subscriptions;
}
