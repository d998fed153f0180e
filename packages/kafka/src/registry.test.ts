import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { KafkaPackageError } from './errors.js';
import { createRegistryClient } from './registry.js';

// A local HTTP server answering as the registry would; the real registry is covered by
// the integration tests, these pin how its answers are classified.
let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function registryAnswering(status: number, body: string): Promise<string> {
  const listening = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body);
  });
  server = listening;
  await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(listening.address() as AddressInfo).port}/apis/ccompat/v7`;
}

async function schemaByIdError(status: number, body = '{}'): Promise<KafkaPackageError> {
  const registry = createRegistryClient(await registryAnswering(status, body));
  const error = await registry.schemaById(1).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(KafkaPackageError);
  return error as KafkaPackageError;
}

describe('registry answers to a schema fetch', () => {
  it.each([408, 429, 500, 503])(
    'treats %i as the registry being unavailable, so it is retried',
    async (status) => {
      const error = await schemaByIdError(status);
      expect(error.code).toBe('KAFKA_REGISTRY_UNAVAILABLE');
      expect(error.retriable).toBe(true);
    },
  );

  it.each([400, 404])('treats %i as a refusal, which retrying cannot fix', async (status) => {
    const error = await schemaByIdError(status);
    expect(error.code).toBe('KAFKA_REGISTRY_REJECTED');
    expect(error.retriable).toBe(false);
  });

  it('reports schema text that is not JSON as an invalid writer schema', async () => {
    const error = await schemaByIdError(200, JSON.stringify({ schema: 'syntax = "proto3";' }));
    expect(error.code).toBe('KAFKA_SERDE_WRITER_SCHEMA_INVALID');
    expect(error.retriable).toBe(false);
  });

  it('returns the schema when the answer is a JSON schema text', async () => {
    const schema = { type: 'record', name: 'P', fields: [] };
    const registry = createRegistryClient(
      await registryAnswering(200, JSON.stringify({ schema: JSON.stringify(schema) })),
    );
    expect(await registry.schemaById(7)).toEqual(schema);
  });
});
