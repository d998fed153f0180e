// A fake Twilio Programmable Messaging API on a real HTTP server, for the SMS sender's tests:
//   POST /2010-04-01/Accounts/{AccountSid}/Messages.json, HTTP Basic AccountSid:AuthToken,
//   form-encoded To, From | MessagingServiceSid, Body → 201 { sid, status, … };
//   errors { code, message, more_info, status } as Twilio writes them.
// Twilio's test-credential magic numbers answer as documented
// (https://www.twilio.com/docs/iam/test-credentials), so provider-side refusals can be tested.
// Twilio accepts no idempotency key on this call, so neither does the fake: a message sent
// twice is accepted and recorded twice, and tests count the duplicates.
import type { ServerResponse } from 'node:http';
import {
  createFaultPlan,
  type FaultKnobs,
  headerOf,
  type Outcome,
  outcomeName,
  type ReceivedRequest,
  sendJson,
  startFakeServer,
} from './faults.js';

export interface FakeSmsProviderOptions extends FaultKnobs {
  /** Default FAKE_TWILIO_ACCOUNT_SID. */
  accountSid?: string;
  /** Default FAKE_TWILIO_AUTH_TOKEN. */
  authToken?: string;
  /** Seeds the fault PRNG. Default 1. */
  seed?: number;
}

const FAKE_TWILIO_ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const FAKE_TWILIO_AUTH_TOKEN = 'fake-auth-token-0123456789abcdef';

/** A message the fake accepted (it would have gone out). */
interface FakeSmsMessage {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  status: 'queued' | 'accepted';
  /** The request's `Idempotency-Key` header, recorded though Twilio ignores it. */
  idempotencyKey: string | undefined;
  at: number;
}

/** Every request that reached the fake, answered or not. */
interface FakeSmsRequest {
  at: number;
  /**
   * A fault outcome (`ok`, `error-503`, `hang`, …, `status-<n>` for a forced answer), or why
   * the request was refused before any fault was drawn: `unauthorized`, `invalid`, `not-found`.
   */
  outcome: string;
  /** null: never answered. */
  status: number | null;
  idempotencyKey: string | undefined;
}

export interface FakeSmsProvider {
  url: string;
  accountSid: string;
  authToken: string;
  /** Accepted messages in arrival order, duplicates included. */
  received(): FakeSmsMessage[];
  /** Accepted messages per Idempotency-Key: a count above 1 is an SMS the recipient got twice. */
  countsByIdempotencyKey(): Record<string, number>;
  requests(): FakeSmsRequest[];
  /** Date.now() at each request's arrival, in order (proves no call before a Retry-After). */
  requestsTimes(): number[];
  /** Replaces the fault rates. */
  configure(knobs: FaultKnobs): void;
  /** Forces the outcomes of the next requests that pass authentication and validation. */
  force(...outcomes: Outcome[]): void;
  close(): Promise<void>;
}

/** Twilio's magic `To` numbers for test credentials and the errors they answer. */
const MAGIC_RECIPIENTS: Readonly<Record<string, { code: number; message: string }>> = {
  '+15005550001': { code: 21211, message: "The 'To' number is not a valid phone number." },
  '+15005550002': { code: 21612, message: "The 'To' phone number is not currently reachable." },
  '+15005550003': {
    code: 21408,
    message: "Permission to send an SMS has not been enabled for the region of the 'To' number.",
  },
  '+15005550004': { code: 21610, message: 'Attempt to send to unsubscribed recipient' },
  '+15005550009': { code: 21614, message: "'To' number is not a valid mobile number" },
};

const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;

export async function startFakeSmsProvider(
  options: FakeSmsProviderOptions = {},
): Promise<FakeSmsProvider> {
  const accountSid = options.accountSid ?? FAKE_TWILIO_ACCOUNT_SID;
  const authToken = options.authToken ?? FAKE_TWILIO_AUTH_TOKEN;
  const faults = createFaultPlan(options.seed ?? 1, options);
  const messages: FakeSmsMessage[] = [];
  const requests: FakeSmsRequest[] = [];
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;

  const handle = (req: ReceivedRequest, res: ServerResponse) => {
    const idempotencyKey = headerOf(req.headers, 'idempotency-key');
    const log = (outcome: FakeSmsRequest['outcome'], status: number | null) =>
      requests.push({ at: req.at, outcome, status, idempotencyKey });
    const fail = (
      outcome: FakeSmsRequest['outcome'],
      status: number,
      code: number,
      message: string,
    ) => {
      log(outcome, status);
      twilioError(res, status, code, message);
    };

    const path = new URL(req.url, 'http://fake').pathname;
    const route = MESSAGES_PATH.exec(path);
    if ((req.method !== 'POST' && req.method !== 'GET') || !route)
      return fail('not-found', 404, 20404, `The requested resource ${path} was not found`);
    if (headerOf(req.headers, 'authorization') !== expectedAuth || route[1] !== accountSid)
      return fail('unauthorized', 401, 20003, 'Authenticate');
    if (req.method === 'GET') {
      // List Message resources, newest first, by To and DateSent> (a UTC date); no faults.
      const query = new URL(req.url, 'http://fake').searchParams;
      const to = query.get('To');
      const day = query.get('DateSent>');
      const from = day ? Date.parse(`${day}T00:00:00Z`) : Number.NEGATIVE_INFINITY;
      const size = Math.min(1_000, Number(query.get('PageSize') ?? 50) || 50);
      const page = messages
        .filter((m) => (to === null || m.to === to) && m.at >= from)
        .reverse()
        .slice(0, size)
        .map((m) => messageResource(m, accountSid));
      log('list', 200);
      return sendJson(res, 200, { messages: page, page: 0, page_size: size });
    }

    const form = new URLSearchParams(
      headerOf(req.headers, 'content-type')?.startsWith('application/x-www-form-urlencoded')
        ? req.body
        : '',
    );
    const to = form.get('To');
    const from = form.get('From');
    const serviceSid = form.get('MessagingServiceSid');
    const body = form.get('Body');
    if (!to) return fail('invalid', 400, 21604, "A 'To' phone number is required.");
    if (!from && !serviceSid)
      return fail('invalid', 400, 21603, "A 'From' phone number is required.");
    if (!body) return fail('invalid', 400, 21602, 'Message body is required.');
    if ([...body].length > 1_600)
      return fail(
        'invalid',
        400,
        21617,
        'The concatenated message body exceeds the 1600 character limit.',
      );
    if (!/^\+[1-9]\d{1,14}$/.test(to))
      return fail('invalid', 400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    const magic = MAGIC_RECIPIENTS[to];
    if (magic) return fail('invalid', 400, magic.code, magic.message);

    const outcome = faults.next();
    if (typeof outcome !== 'string') {
      log(outcomeName(outcome), outcome.status);
      return sendJson(res, outcome.status, outcome.body ?? {}, outcome.headers);
    }
    switch (outcome) {
      case 'hang':
        log(outcome, null);
        return;
      case 'error-500':
        return fail(outcome, 500, 20500, 'Internal Server Error');
      case 'error-503':
        return fail(outcome, 503, 20503, 'Service Unavailable');
      case 'rate-limited': {
        const seconds = faults.retryAfterSeconds();
        log(outcome, 429);
        return twilioError(res, 429, 20429, 'Too Many Requests', {
          'retry-after': String(seconds),
        });
      }
      case 'ok':
      case 'lost-response': {
        const message: FakeSmsMessage = {
          sid: `SM${(messages.length + 1).toString(16).padStart(32, '0')}`,
          to,
          from,
          messagingServiceSid: serviceSid,
          body,
          status: serviceSid ? 'accepted' : 'queued',
          idempotencyKey,
          at: req.at,
        };
        messages.push(message);
        if (outcome === 'lost-response') {
          log(outcome, null);
          return;
        }
        log(outcome, 201);
        return sendJson(res, 201, messageResource(message, accountSid));
      }
    }
  };

  const server = await startFakeServer(handle);
  return {
    url: server.url,
    accountSid,
    authToken,
    received: () => messages.map((m) => ({ ...m })),
    countsByIdempotencyKey() {
      const counts: Record<string, number> = {};
      for (const { idempotencyKey } of messages) {
        if (idempotencyKey !== undefined)
          counts[idempotencyKey] = (counts[idempotencyKey] ?? 0) + 1;
      }
      return counts;
    },
    requests: () => requests.map((r) => ({ ...r })),
    requestsTimes: () => requests.map((r) => r.at),
    configure: (knobs) => faults.configure(knobs),
    force: (...outcomes) => faults.force(...outcomes),
    close: () => server.close(),
  };
}

function twilioError(
  res: ServerResponse,
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(
    res,
    status,
    { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
    headers,
  );
}

/** The Message resource as Twilio answers a create (the fields a client may read). */
function messageResource(message: FakeSmsMessage, accountSid: string) {
  const date = new Date(message.at).toUTCString().replace('GMT', '+0000');
  return {
    account_sid: accountSid,
    api_version: '2010-04-01',
    body: message.body,
    date_created: date,
    date_sent: null,
    date_updated: date,
    direction: 'outbound-api',
    error_code: null,
    error_message: null,
    from: message.from,
    messaging_service_sid: message.messagingServiceSid,
    num_media: '0',
    num_segments: '1',
    price: null,
    price_unit: null,
    sid: message.sid,
    status: message.status,
    to: message.to,
    uri: `/2010-04-01/Accounts/${accountSid}/Messages/${message.sid}.json`,
  };
}
