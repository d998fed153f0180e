// A webhook subscriber on a real HTTP server, for the webhook sender's tests: it verifies
// every request's Overfly-Signature with verifySignature (401 when it does not verify), then
// fails, hangs or rate-limits as told (seeded PRNG, or forced), else answers 200 { id }.
// It records deliveries by Idempotency-Key and counts duplicates rather than hiding them: a
// count above 1 is a delivery a real receiver must dedupe.
import type { ServerResponse } from 'node:http';
import {
  SIGNATURE_HEADER,
  type VerifyResult,
  verifySignature,
} from '../channels/webhook/signature.js';
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

/** What the receiver answers to a verified delivery it processed. */
interface ReceiverAnswer {
  status: number;
  /** JSON-encoded unless a string; omitted: no body. */
  body?: unknown;
}

export interface FakeWebhookReceiverOptions extends FaultKnobs {
  /** The endpoint's secrets; any may match (rotation). */
  secrets: string[];
  /** Default 300 s, as verifySignature's. */
  toleranceSeconds?: number;
  /** The receiver's clock, whole seconds. Default: the real one. */
  nowSeconds?: () => number;
  /** Seeds the fault PRNG. Default 1. */
  seed?: number;
  /** Default: 200 `{ "id": "rcv_<n>" }`. A 2xx records the delivery; anything else does not. */
  answer?: (delivery: FakeWebhookDelivery) => ReceiverAnswer;
}

/** A verified delivery the receiver processed. */
interface FakeWebhookDelivery {
  /** The id the receiver gives it (`rcv_<n>`), answered as `{ id }` by default. */
  receiverId: string;
  /** Path and query the delivery was posted to. */
  url: string;
  idempotencyKey: string | undefined;
  deliveryId: string | undefined;
  eventType: string | undefined;
  userAgent: string | undefined;
  contentType: string | undefined;
  /** The `t` of its signature. */
  signedAt: number;
  body: string;
  at: number;
}

/** Every request that reached the receiver, verified or not, answered or not. */
interface FakeWebhookRequest {
  at: number;
  /** `unauthorized` (signature refused), `not-allowed` (not a POST), or the fault outcome. */
  outcome: string;
  /** null: never answered. */
  status: number | null;
  verification: VerifyResult;
  idempotencyKey: string | undefined;
  /** The `t` of the signature header, when it has one. */
  signedAt: number | undefined;
}

export interface FakeWebhookReceiver {
  /** The endpoint: the server's root; any path is accepted. */
  url: string;
  /** Processed deliveries in arrival order, duplicates included. */
  deliveries(): FakeWebhookDelivery[];
  countsByIdempotencyKey(): Record<string, number>;
  requests(): FakeWebhookRequest[];
  /** Date.now() at each request's arrival, in order. */
  requestsTimes(): number[];
  configure(knobs: FaultKnobs): void;
  /** Forces the outcomes of the next requests whose signature verifies. */
  force(...outcomes: Outcome[]): void;
  /** Replaces how processed deliveries are answered. */
  setAnswer(answer: (delivery: FakeWebhookDelivery) => ReceiverAnswer): void;
  close(): Promise<void>;
}

const defaultAnswer = (delivery: FakeWebhookDelivery): ReceiverAnswer => ({
  status: 200,
  body: { id: delivery.receiverId },
});

export async function startFakeWebhookReceiver(
  options: FakeWebhookReceiverOptions,
): Promise<FakeWebhookReceiver> {
  const faults = createFaultPlan(options.seed ?? 1, options);
  const deliveries: FakeWebhookDelivery[] = [];
  const requests: FakeWebhookRequest[] = [];
  let answer = options.answer ?? defaultAnswer;
  let processed = 0;

  const handle = (req: ReceivedRequest, res: ServerResponse) => {
    const idempotencyKey = headerOf(req.headers, 'idempotency-key');
    const signature = headerOf(req.headers, SIGNATURE_HEADER);
    const signedAt = signedAtOf(signature);
    const verification = verifySignature({
      header: signature,
      body: req.body,
      secrets: options.secrets,
      ...(options.toleranceSeconds === undefined
        ? {}
        : { toleranceSeconds: options.toleranceSeconds }),
      ...(options.nowSeconds ? { nowSeconds: options.nowSeconds() } : {}),
    });
    const log = (outcome: string, status: number | null) =>
      requests.push({ at: req.at, outcome, status, verification, idempotencyKey, signedAt });

    if (req.method !== 'POST') {
      log('not-allowed', 405);
      return sendJson(res, 405, { error: 'POST only' });
    }
    if (!verification.ok) {
      log('unauthorized', 401);
      return sendJson(res, 401, { error: verification.reason });
    }

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
      case 'error-503': {
        const status = outcome === 'error-500' ? 500 : 503;
        log(outcome, status);
        return sendJson(res, status, { error: 'receiver failed' });
      }
      case 'rate-limited':
        log(outcome, 429);
        return sendJson(
          res,
          429,
          { error: 'slow down' },
          { 'retry-after': String(faults.retryAfterSeconds()) },
        );
      case 'ok':
      case 'lost-response': {
        processed++;
        const delivery: FakeWebhookDelivery = {
          receiverId: `rcv_${processed}`,
          url: req.url,
          idempotencyKey,
          deliveryId: headerOf(req.headers, 'overfly-delivery-id'),
          eventType: headerOf(req.headers, 'overfly-event-type'),
          userAgent: headerOf(req.headers, 'user-agent'),
          contentType: headerOf(req.headers, 'content-type'),
          signedAt: signedAt ?? 0,
          body: req.body,
          at: req.at,
        };
        const reply = outcome === 'ok' ? answer(delivery) : undefined;
        if (!reply || (reply.status >= 200 && reply.status < 300)) deliveries.push(delivery);
        if (!reply) {
          log(outcome, null);
          return;
        }
        log(outcome, reply.status);
        if (reply.body === undefined) {
          res.writeHead(reply.status);
          res.end();
        } else if (typeof reply.body === 'string') {
          res.writeHead(reply.status, { 'content-type': 'text/plain' });
          res.end(reply.body);
        } else {
          sendJson(res, reply.status, reply.body);
        }
        return;
      }
    }
  };

  const server = await startFakeServer(handle);
  return {
    url: server.url,
    deliveries: () => deliveries.map((d) => ({ ...d })),
    countsByIdempotencyKey() {
      const counts: Record<string, number> = {};
      for (const { idempotencyKey } of deliveries) {
        if (idempotencyKey !== undefined)
          counts[idempotencyKey] = (counts[idempotencyKey] ?? 0) + 1;
      }
      return counts;
    },
    requests: () => requests.map((r) => ({ ...r })),
    requestsTimes: () => requests.map((r) => r.at),
    configure: (knobs) => faults.configure(knobs),
    force: (...outcomes) => faults.force(...outcomes),
    setAnswer(next) {
      answer = next;
    },
    close: () => server.close(),
  };
}

function signedAtOf(header: string | undefined): number | undefined {
  const t = header?.split(',').find((part) => part.trim().startsWith('t='));
  const value = t === undefined ? Number.NaN : Number(t.trim().slice(2));
  return Number.isSafeInteger(value) ? value : undefined;
}
