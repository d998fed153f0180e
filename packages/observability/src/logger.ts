import { hostname } from 'node:os';
import pino from 'pino';

export type Logger = pino.Logger;
type DestinationStream = pino.DestinationStream;

export type LogLevel = pino.Level | 'silent';

/**
 * Bindings for a child logger, so a line can be traced to the message it was about
 * (DESIGN rule 8). Use the ones that apply:
 * `logger.child({ topic, partition, offset, flightId })`.
 */
export interface LogBindings {
  topic?: string;
  partition?: number;
  /** Kafka offsets are int64; kafkajs hands them over as strings. */
  offset?: string;
  flightId?: string;
  icao24?: string;
  [key: string]: unknown;
}

export interface LoggerOptions {
  service: string;
  level?: LogLevel;
  /** Where lines go; stdout when omitted. Tests pass a stream to read them back. */
  destination?: DestinationStream;
}

const SECRET_KEYS = [
  'password',
  'token',
  'accessToken',
  'refreshToken',
  'authorization',
  'clientSecret',
  'secret',
];

// Top level and one level down (e.g. `{ auth: { clientSecret } }`), plus HTTP headers of
// logged requests; deeper paths cost fast-redact time on every line.
export const REDACTED_PATHS: readonly string[] = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
];

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service, pid: process.pid, hostname: hostname() },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Level names rather than pino's numbers, so a person or Loki query can read them.
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
    },
    // Omitted: pino's own synchronous stdout, so the last lines before an exit are kept.
    options.destination,
  );
}
