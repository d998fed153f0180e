// Mailpit's REST API (/api/v1) for tests: what the SMTP server received. Field names are
// Mailpit's own (its MessageSummary and Message JSON); only what tests read is typed here.
import net from 'node:net';
import { inject } from 'vitest';

interface MailAddress {
  Name: string;
  Address: string;
}

interface MailSummary {
  /** Mailpit's database id, for `message(id)`. */
  ID: string;
  /** The Message-ID header. */
  MessageID: string;
  From: MailAddress | null;
  To: MailAddress[];
  Cc: MailAddress[] | null;
  Bcc: MailAddress[] | null;
  Subject: string;
  /** When it was received, RFC 3339. */
  Created: string;
  /** The SMTP user name, when the client authenticated. */
  Username: string;
  Snippet: string;
  Size: number;
}

interface MailMessage {
  ID: string;
  MessageID: string;
  From: MailAddress | null;
  To: MailAddress[];
  Cc: MailAddress[] | null;
  Bcc: MailAddress[] | null;
  ReplyTo: MailAddress[] | null;
  Subject: string;
  Date: string;
  Text: string;
  HTML: string;
  Size: number;
  Attachments: Array<{ FileName: string; ContentType: string; Size: number }>;
}

interface MessagesPage {
  total: number;
  messages_count: number;
  messages: MailSummary[];
}

export interface Mailpit {
  readonly url: string;
  /** Newest first; `query` is Mailpit's search syntax, e.g. `to:ana@example.org subject:"x"`. */
  list(query?: string, limit?: number): Promise<MailSummary[]>;
  /** One message with its text and HTML bodies. */
  message(id: string): Promise<MailMessage>;
  /** Its headers, each name with all its values. */
  headers(id: string): Promise<Record<string, string[]>>;
  /** The message as received (RFC 5322 source). */
  raw(id: string): Promise<string>;
  /** Deletes every message. */
  deleteAll(): Promise<void>;
  /** Polls `list(query)` until it holds at least `count` messages. */
  waitFor(query: string, count?: number, timeoutMs?: number): Promise<MailSummary[]>;
}

async function call(url: string, init?: RequestInit): Promise<Response> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  if (!response.ok) {
    throw new Error(
      `Mailpit ${init?.method ?? 'GET'} ${url}: ${response.status} ${await response.text()}`,
    );
  }
  return response;
}

/** A client for the Mailpit at `url` (default: the one the integration setup brought up). */
export function mailpit(url: string = inject('infra').mailpitUrl): Mailpit {
  const api = `${url}/api/v1`;
  const list = async (query?: string, limit = 50) => {
    const target =
      query === undefined
        ? `${api}/messages?limit=${limit}`
        : `${api}/search?query=${encodeURIComponent(query)}&limit=${limit}`;
    const page = (await (await call(target)).json()) as MessagesPage;
    return page.messages;
  };
  return {
    url,
    list,
    async message(id) {
      return (await (await call(`${api}/message/${encodeURIComponent(id)}`)).json()) as MailMessage;
    },
    async headers(id) {
      const response = await call(`${api}/message/${encodeURIComponent(id)}/headers`);
      return (await response.json()) as Record<string, string[]>;
    },
    async raw(id) {
      return (await call(`${api}/message/${encodeURIComponent(id)}/raw`)).text();
    },
    async deleteAll() {
      await call(`${api}/messages`, {
        method: 'DELETE',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
    },
    async waitFor(query, count = 1, timeoutMs = 10_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const found = await list(query);
        if (found.length >= count) return found;
        if (Date.now() > end) {
          throw new Error(`Mailpit: ${found.length} of ${count} messages for "${query}" in time`);
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
  };
}

export interface SmtpMail {
  from: string;
  to: string[];
  /** The whole message: headers, a blank line, the body; LF or CRLF line ends. */
  data: string;
}

/**
 * Sends one message with a plain SMTP conversation (RFC 5321, no TLS, no auth): enough to
 * put a message into Mailpit without a mail library. Each reply is checked; a wrong one
 * rejects with the server's own words.
 */
export function sendSmtp(host: string, port: number, mail: SmtpMail): Promise<void> {
  const body = mail.data
    .replace(/\r?\n/g, '\r\n')
    // Dot-stuffing: a line starting with "." gets a second one.
    .replace(/^\./gm, '..');
  const steps: Array<{ send: string | null; expect: number }> = [
    { send: null, expect: 220 },
    { send: 'EHLO overfly.test', expect: 250 },
    { send: `MAIL FROM:<${mail.from}>`, expect: 250 },
    ...mail.to.map((to) => ({ send: `RCPT TO:<${to}>`, expect: 250 })),
    { send: 'DATA', expect: 354 },
    { send: `${body}${body.endsWith('\r\n') ? '' : '\r\n'}.`, expect: 250 },
    { send: 'QUIT', expect: 221 },
  ];
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(10_000, () => socket.destroy(new Error('SMTP: no reply within 10 s')));
    let buffer = '';
    let step = 0;
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      // A reply ends with a line "NNN text" (continuation lines are "NNN-text").
      const lines = buffer.split('\r\n');
      const last = lines.findLast((line) => /^\d{3} /.test(line));
      if (last === undefined) return;
      buffer = '';
      const code = Number(last.slice(0, 3));
      const current = steps[step];
      if (!current || code !== current.expect) {
        socket.destroy(
          new Error(`SMTP: expected ${current?.expect} after "${current?.send}", got "${last}"`),
        );
        return;
      }
      step += 1;
      const next = steps[step];
      if (next?.send) socket.write(`${next.send}\r\n`);
      else if (!next) socket.end();
    });
    socket.on('error', reject);
    socket.on('close', () =>
      step === steps.length ? resolve() : reject(new Error('SMTP: closed early')),
    );
  });
}
