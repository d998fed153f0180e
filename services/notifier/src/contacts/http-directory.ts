import { createHttpClient, ResilienceError, type ResilienceEvent } from '@overfly/resilience';
import { z } from 'zod';
import type { Contact, ContactDirectory } from './contact.js';

const contactBody = z.object({
  language: z.string().min(2).default('en'),
  email: z.string().email().nullable().default(null),
  phone: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'E.164')
    .nullable()
    .default(null),
});

/**
 * Live mode: the airline's contact lookup, `GET {baseUrl}/contacts/{recipientRef}` with a
 * bearer token, answering `{ language, email, phone }` (404: nobody under that reference).
 * Behind packages/resilience (breaker, rate limit, retries) with a short cache, so the
 * passengers of one flight cost one lookup each, once.
 */
export function httpDirectory(options: {
  baseUrl: string;
  token: string;
  timeoutMs?: number;
  cacheTtlMs?: number;
  onEvent?: (event: ResilienceEvent) => void;
}): ContactDirectory {
  const http = createHttpClient({
    name: 'contacts',
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs ?? 5_000,
    headers: {
      accept: 'application/json',
      authorization: `Bearer ${options.token}`,
      'user-agent': 'overfly-notifier',
    },
    cache: { ttlMs: options.cacheTtlMs ?? 300_000 },
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  return {
    async lookup(ref): Promise<Contact | null> {
      try {
        const { body } = await http.get<unknown>(`/contacts/${encodeURIComponent(ref)}`);
        return contactBody.parse(body);
      } catch (error) {
        if (error instanceof ResilienceError && error.status === 404) return null;
        throw error;
      }
    },
  };
}
