import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { KafkaPackageError } from './errors.js';

export type Compatibility = 'BACKWARD' | 'BACKWARD_TRANSITIVE' | 'FORWARD' | 'FULL' | 'NONE';

export interface CompatibilityResult {
  compatible: boolean;
  /** The registry's own explanation, when it gives one. */
  messages: string[];
}

/**
 * The one place that talks to the Confluent-compatible schema registry. Registration
 * and fetch-by-id go through @kafkajs/confluent-schema-registry; the config and
 * compatibility endpoints that library does not expose are called with fetch on the
 * same base URL.
 */
export interface RegistryClient {
  readonly url: string;
  /** Registers (or finds) the schema under the subject; returns its global id. */
  register(subject: string, schema: object): Promise<number>;
  /** The writer schema for an id, as JSON. */
  schemaById(id: number): Promise<object>;
  latestId(subject: string): Promise<number>;
  setCompatibility(subject: string, level: Compatibility): Promise<void>;
  checkCompatibility(subject: string, schema: object): Promise<CompatibilityResult>;
  /** Every subject the registry holds (`GET /subjects`). */
  subjects(): Promise<string[]>;
  /** The registry-wide compatibility level (`GET /config`), e.g. BACKWARD. */
  globalCompatibility(): Promise<string>;
}

export function createRegistryClient(url: string): RegistryClient {
  const base = url.replace(/\/+$/, '');
  const client = new SchemaRegistry({ host: base });

  const http = async (method: string, path: string, body?: unknown): Promise<Response> => {
    try {
      return await fetch(`${base}${path}`, {
        method,
        headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (cause) {
      throw new KafkaPackageError('KAFKA_REGISTRY_UNAVAILABLE', `${method} ${base}${path}`, {
        cause,
      });
    }
  };

  const known = new Set<string>();
  /** True when the subject has no compatibility of its own yet (before its first version). */
  const isNew = async (subject: string): Promise<boolean> => {
    const res = await http('GET', `/config/${encodeURIComponent(subject)}`);
    const text = await res.text();
    if (res.ok) return false;
    if (res.status === 404) return true;
    throw answerError(`GET config of ${subject}`, res.status, text);
  };
  /**
   * Sets BACKWARD on a subject's first version; a level an operator set stays. Services
   * started together register the same new subject at once, so all of them find it new and
   * the registry refuses all but the first setter with 409 "A rule named 'COMPATIBILITY'
   * already exists": the subject has its level, which is what was asked. (With
   * @kafkajs/confluent-schema-registry's own `compatibility` option such a service exited.)
   */
  const setBackward = async (subject: string): Promise<void> => {
    const res = await http('PUT', `/config/${encodeURIComponent(subject)}`, {
      compatibility: 'BACKWARD',
    });
    const text = await res.text();
    if (res.ok || (res.status === 409 && /already exists/i.test(text))) return;
    throw answerError(`set BACKWARD on ${subject}`, res.status, text);
  };

  return {
    url: base,

    async register(subject, schema) {
      const first = !known.has(subject) && (await isNew(subject));
      const path = `/subjects/${encodeURIComponent(subject)}/versions`;
      const res = await http('POST', path, { schema: JSON.stringify(schema) });
      const text = await res.text();
      if (!res.ok) throw answerError(`register ${subject}`, res.status, text);
      if (first) await setBackward(subject);
      known.add(subject);
      return (JSON.parse(text) as { id: number }).id;
    },

    async schemaById(id) {
      const res = await http('GET', `/schemas/ids/${id}`);
      if (!res.ok) {
        throw new KafkaPackageError(
          isTransient(res.status) ? 'KAFKA_REGISTRY_UNAVAILABLE' : 'KAFKA_REGISTRY_REJECTED',
          `GET /schemas/ids/${id} answered ${res.status}: ${await res.text()}`,
        );
      }
      const body = (await res.json()) as { schema?: unknown };
      if (typeof body.schema !== 'string') {
        throw new KafkaPackageError('KAFKA_REGISTRY_REJECTED', `schema ${id} has no schema text`);
      }
      try {
        return JSON.parse(body.schema) as object;
      } catch (cause) {
        throw new KafkaPackageError(
          'KAFKA_SERDE_WRITER_SCHEMA_INVALID',
          `schema ${id} is not JSON`,
          {
            cause,
          },
        );
      }
    },

    async latestId(subject) {
      try {
        return await client.getLatestSchemaId(subject);
      } catch (cause) {
        throw registryError(`latest id of ${subject}`, cause);
      }
    },

    async setCompatibility(subject, level) {
      const res = await http('PUT', `/config/${encodeURIComponent(subject)}`, {
        compatibility: level,
      });
      if (!res.ok) {
        throw new KafkaPackageError(
          'KAFKA_REGISTRY_REJECTED',
          `PUT /config/${subject} answered ${res.status}: ${await res.text()}`,
        );
      }
    },

    async checkCompatibility(subject, schema) {
      const path = `/compatibility/subjects/${encodeURIComponent(subject)}/versions/latest?verbose=true`;
      const res = await http('POST', path, { schema: JSON.stringify(schema) });
      const text = await res.text();
      if (res.status === 404) return { compatible: true, messages: ['subject has no version yet'] };
      if (!res.ok) {
        // A 409 or 422 here is the registry saying "incompatible" with its reason.
        if (res.status === 409 || res.status === 422) {
          return { compatible: false, messages: [text] };
        }
        throw new KafkaPackageError(
          'KAFKA_REGISTRY_UNAVAILABLE',
          `POST ${path} answered ${res.status}: ${text}`,
        );
      }
      const body = JSON.parse(text) as { is_compatible?: boolean; messages?: unknown };
      const messages = Array.isArray(body.messages) ? body.messages.map(String) : [];
      return { compatible: body.is_compatible === true, messages };
    },

    async subjects() {
      const res = await http('GET', '/subjects');
      const text = await res.text();
      if (!res.ok) throw answerError('GET /subjects', res.status, text);
      const body = parseAnswer('GET /subjects', text);
      if (!Array.isArray(body)) throw notUnderstood('GET /subjects', text);
      return body.map(String);
    },

    async globalCompatibility() {
      const res = await http('GET', '/config');
      const text = await res.text();
      if (!res.ok) throw answerError('GET /config', res.status, text);
      // Confluent answers `compatibilityLevel`; some versions and Apicurio's PUT `compatibility`.
      const body = parseAnswer('GET /config', text) as {
        compatibilityLevel?: unknown;
        compatibility?: unknown;
      } | null;
      const level = body?.compatibilityLevel ?? body?.compatibility;
      if (typeof level !== 'string') throw notUnderstood('GET /config', text);
      return level;
    },
  };
}

/**
 * How @kafkajs/confluent-schema-registry (through mappersmith) reports a registry it could
 * not reach: as a response of status 400 whose text is the socket error, not the
 * registry's JSON. Read as a refusal, a registry that is down made every service that
 * registered a schema at that moment exit (issue 10, finding 4).
 */
const UNREACHABLE =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|EPIPE|socket hang up|network socket disconnected|Timeout/i;

function registryError(what: string, cause: unknown): KafkaPackageError {
  const status = (cause as { status?: unknown })?.status;
  const message = cause instanceof Error ? cause.message : String(cause);
  const unreachable = status === 400 && UNREACHABLE.test(message);
  if (typeof status === 'number' && !isTransient(status) && !unreachable) {
    return new KafkaPackageError('KAFKA_REGISTRY_REJECTED', `${what}: ${status} ${message}`, {
      cause,
    });
  }
  return new KafkaPackageError('KAFKA_REGISTRY_UNAVAILABLE', `${what}: ${message}`, { cause });
}

/** The registry's own answer: a refusal, or "later" for the statuses that say so. */
function answerError(what: string, status: number, text: string): KafkaPackageError {
  return new KafkaPackageError(
    isTransient(status) ? 'KAFKA_REGISTRY_UNAVAILABLE' : 'KAFKA_REGISTRY_REJECTED',
    `${what}: ${status} ${text}`,
  );
}

/** JSON of a 2xx answer; anything else is an answer we cannot read. */
function parseAnswer(what: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw notUnderstood(what, text);
  }
}

function notUnderstood(what: string, text: string): KafkaPackageError {
  return new KafkaPackageError(
    'KAFKA_REGISTRY_REJECTED',
    `${what}: not a schema registry's answer: ${text.slice(0, 200)}`,
  );
}

/** Statuses that say "later", not "never": timeouts, throttling, server errors. */
function isTransient(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}
