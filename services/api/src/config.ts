import { fileURLToPath } from 'node:url';
import {
  commonConfig,
  csv,
  defineConfig,
  duration,
  int,
  type LoadedConfig,
  loadConfigOrExit,
  port,
  secret,
} from '@overfly/config';
import { z } from 'zod';

export const apiConfigSchema = defineConfig({
  ...commonConfig,
  API_HOST: z
    .string()
    .min(1)
    .default('127.0.0.1')
    .describe('Interface the REST and WebSocket server listens on'),
  API_PORT: port({ allowZero: true })
    .default(3000)
    .describe('Port of the REST and WebSocket server'),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'a lower-case SQL identifier')
    .default('api')
    .describe("PostgreSQL schema of the api's read models (search_path); created when missing"),
  DATABASE_POOL_SIZE: int({ min: 2, max: 100 })
    .default(10)
    .describe('Connections in the PostgreSQL pool'),
  KAFKA_GROUP_ID: z
    .string()
    .min(1)
    .default('api-read-models')
    .describe('Consumer group that builds the read models (instances share the partitions)'),
  KAFKA_SESSION_TIMEOUT: duration()
    .default('6s')
    .describe(
      'How long the group waits for a silent (killed) member before reassigning its partitions',
    ),
  API_KEYS: secret()
    .optional()
    .describe(
      'JSON array of {"key","role","operator"?,"name"?}: with it (or a JWT key), every route but health asks for a key (Authorization: Bearer or X-API-Key); without either auth is off (the local demo)',
    ),
  API_JWT_SECRET: secret()
    .optional()
    .describe(
      'HS256 shared secret (at least 32 characters): with it, a JWT signed with it is accepted as Authorization: Bearer <jwt> beside the API keys, and auth is on',
    ),
  API_JWT_PUBLIC_KEY: secret()
    .optional()
    .describe(
      'PEM public key JWTs are verified with: RSA (2048 bits or more) → RS256, EC P-256 → ES256; "\\n" escapes read as line breaks; with it auth is on',
    ),
  API_JWT_ISSUER: z.string().min(1).optional().describe('When set, a JWT must carry this iss'),
  API_JWT_AUDIENCE: z
    .string()
    .min(1)
    .optional()
    .describe('When set, a JWT must carry this aud (or a list holding it)'),
  API_JWT_CLOCK_TOLERANCE: duration()
    .default('30s')
    .describe("Clock skew allowed on a JWT's exp, nbf and iat"),
  API_CORS_ORIGINS: csv()
    .default(
      'http://127.0.0.1:3000,http://localhost:3000,http://127.0.0.1:5173,http://localhost:5173',
    )
    .describe('Origins browsers may call the api from ("*" for any)'),
  API_BODY_LIMIT: int({ min: 1_024, max: 100_000_000 })
    .default(1_048_576)
    .describe('Largest request body in bytes; larger ones are answered 413'),
  API_RATE_LIMIT: int({ min: 1, max: 1_000_000 })
    .default(600)
    .describe('Requests per minute per key (or per address when auth is off)'),
  LIVE_HZ: int({ min: 2, max: 5 })
    .default(4)
    .describe('Live stream ticks per second (deltas sent at most this often)'),
  LIVE_STALE_AFTER: duration()
    .default('60s')
    .describe('An aircraft silent this long (data time) leaves the live stream as removed'),
  LIVE_MAX_BUFFERED: int({ min: 16_384, max: 1_073_741_824 })
    .default(1_048_576)
    .describe(
      "Bytes queued on a client's socket above which it is skipped until it drains (then caught up)",
    ),
  FIR_GEOJSON: z
    .string()
    .min(1)
    .optional()
    .describe(
      "FIR boundaries GeoJSON for the live stream's fir filter; the bundled VATSpy copy when unset",
    ),
  FIR_EXCLUDE: csv()
    .optional()
    .describe('FIR ids left out of the FIR layer, replacing the default list'),
  API_TRACK_RETENTION: duration()
    .default('6h')
    .describe('How long position reports are kept for tracks and time travel'),
  API_TRACK_POINTS: int({ min: 10, max: 100_000 })
    .default(5_000)
    .describe('Most reports one track answer holds'),
  API_PASSENGER_EVENT_RETENTION: duration()
    .default('30d')
    .describe(
      "How long passenger decisions are kept (personal data; passenger.events' own retention), forgotten every hour",
    ),
  API_BATCH_CREATE_LIMIT: int({ min: 1, max: 10_000 })
    .default(10)
    .describe(
      'Batch jobs a key may start a minute (POST /v1/batch-jobs; the general limit applies too)',
    ),
  BATCH_TARIFF_DIRS: csv()
    .default('')
    .describe(
      'Tariff folders (as fee-calculator TARIFF_DIR takes) a reprice job may name by version, beside the shipped one; give the batch workers the same',
    ),
  API_IMPORT_MAX_BYTES: int({ min: 1_024, max: 1_000_000_000 })
    .default(67_108_864)
    .describe(
      'Largest trajectory file PUT /v1/batch-imports/{name} takes, in bytes (larger ones are answered 413)',
    ),
  API_BATCH_RETENTION: duration()
    .default('30d')
    .describe('How long ended batch jobs and their items are kept (forgotten every hour)'),
  API_WEB_DIR: z
    .string()
    .min(1)
    .default(fileURLToPath(new URL('../../web/dist', import.meta.url)))
    .describe(
      'The built web page (pnpm --filter @overfly/web build) served at /; missing: / says how to build it',
    ),
  API_PAGE_LIMIT: int({ min: 1, max: 10_000 })
    .default(1_000)
    .describe('Largest page a list returns'),
});

export type ApiConfig = LoadedConfig<typeof apiConfigSchema>;

export function loadApiConfig(): ApiConfig {
  return loadConfigOrExit(apiConfigSchema);
}
