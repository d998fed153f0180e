/**
 * Mailpit's REST API (/api/v1) for the benchmarks, without vitest (tests/support/mailpit.ts
 * reads its URL from vitest's inject). Mailpit keeps only its newest 500 messages (its --max
 * default, pruned once a minute), so a run that sends thousands must read them while they are
 * there: a watch pages through what is new every `intervalMs` and keeps, per Message-ID it
 * accepts, when Mailpit received it (`Created`).
 */
import { setTimeout as sleep } from 'node:timers/promises';

interface MailSummary {
  /** Mailpit's database id. */
  ID: string;
  /** The Message-ID header, without its angle brackets. */
  MessageID: string;
  /** When Mailpit received it, RFC 3339 with milliseconds. */
  Created: string;
}

export interface MailWatch {
  /** Message-ID → when Mailpit first received it (epoch ms), for every accepted Message-ID. */
  readonly received: ReadonlyMap<string, number>;
  /** Accepted messages received more than once under the same Message-ID. */
  duplicates(): number;
  /** Reads what is new now (also what the loop does every interval). */
  poll(): Promise<void>;
  /** Stops the loop after one last poll; the accepted messages' Mailpit ids, for `deleteMails`. */
  stop(): Promise<string[]>;
}

const PAGE = 200;

async function page(api: string, start: number): Promise<MailSummary[]> {
  const response = await fetch(`${api}/messages?start=${start}&limit=${PAGE}`, {
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`Mailpit GET /messages: ${response.status}`);
  return ((await response.json()) as { messages: MailSummary[] }).messages;
}

/**
 * Watches the Mailpit at `url` (its web address, e.g. http://127.0.0.1:8025) for messages
 * received from `since` (epoch ms) on whose Message-ID `accept` takes.
 */
export function watchMailpit(
  url: string,
  options: { since: number; accept: (messageId: string) => boolean; intervalMs?: number },
): MailWatch {
  const api = `${url}/api/v1`;
  const interval = options.intervalMs ?? 250;
  const known = new Set<string>(); // every Mailpit id read since `since`, ours or not
  const received = new Map<string, number>();
  const ours: string[] = [];
  let duplicates = 0;
  let running = true;
  let busy: Promise<void> = Promise.resolve();

  const read = async () => {
    // Newest first: page down until a page ends on a message read before, or older than the
    // watch. New arrivals while paging push older ones down: read twice, never missed.
    for (let start = 0; ; start += PAGE) {
      const messages = await page(api, start);
      const last = messages.at(-1);
      const overlaps = last !== undefined && known.has(last.ID);
      for (const m of messages) {
        if (known.has(m.ID)) continue;
        const created = Date.parse(m.Created);
        if (created < options.since) continue;
        known.add(m.ID);
        if (!options.accept(m.MessageID)) continue;
        ours.push(m.ID);
        if (received.has(m.MessageID)) duplicates++;
        else received.set(m.MessageID, created);
      }
      if (
        messages.length < PAGE ||
        last === undefined ||
        overlaps ||
        Date.parse(last.Created) < options.since
      )
        return;
    }
  };
  const poll = () => {
    busy = busy.then(read);
    return busy;
  };
  const loop = (async () => {
    while (running) {
      await poll().catch((error: unknown) => console.error(`mailpit: ${String(error)}`));
      await sleep(interval);
    }
  })();

  return {
    received,
    duplicates: () => duplicates,
    poll,
    async stop() {
      running = false;
      await loop;
      await poll();
      return ours;
    },
  };
}

/** Deletes these messages (Mailpit ids) from Mailpit, leaving everyone else's. */
export async function deleteMails(url: string, ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    const response = await fetch(`${url}/api/v1/messages`, {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ IDs: ids.slice(i, i + 500) }),
      signal: AbortSignal.timeout(30_000),
    });
    if (!response.ok) throw new Error(`Mailpit DELETE /messages: ${response.status}`);
  }
}
