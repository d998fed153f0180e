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

/** A registry URL on a port where nothing listens: the registry is down. */
async function registryDown(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}/apis/ccompat/v7`;
}

describe('a registry that is down (issue 10, finding 4)', () => {
  it('is unavailable, not a refusal, when registering (the client library says 400)', async () => {
    const registry = createRegistryClient(await registryDown());
    const error = await registry
      .register('flights.updates-value', { type: 'record', name: 'P', fields: [] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KafkaPackageError);
    expect((error as KafkaPackageError).code).toBe('KAFKA_REGISTRY_UNAVAILABLE');
    expect((error as KafkaPackageError).retriable).toBe(true);
  });

  it('is unavailable when asked for a latest id or a schema by id', async () => {
    const registry = createRegistryClient(await registryDown());
    for (const call of [
      () => registry.latestId('flights.updates-value'),
      () => registry.schemaById(1),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect((error as KafkaPackageError).code).toBe('KAFKA_REGISTRY_UNAVAILABLE');
    }
  });

  it('still reads a real 400 of the registry, with its JSON, as a refusal', async () => {
    const registry = createRegistryClient(
      await registryAnswering(400, JSON.stringify({ error_code: 400, message: 'Invalid schema' })),
    );
    const error = await registry
      .register('flights.updates-value', { type: 'record', name: 'P', fields: [] })
      .catch((e: unknown) => e);
    expect((error as KafkaPackageError).code).toBe('KAFKA_REGISTRY_REJECTED');
  });
});

describe('subjects and the global compatibility level', () => {
  it('lists the subjects the registry answers', async () => {
    const registry = createRegistryClient(
      await registryAnswering(200, JSON.stringify(['a-value', 'b-value'])),
    );
    expect(await registry.subjects()).toEqual(['a-value', 'b-value']);
  });

  it.each([
    ['Confluent', { compatibilityLevel: 'BACKWARD' }],
    ['an older answer', { compatibility: 'FULL' }],
  ])('reads the level as %s writes it', async (_, body) => {
    const registry = createRegistryClient(await registryAnswering(200, JSON.stringify(body)));
    expect(await registry.globalCompatibility()).toBe(Object.values(body)[0]);
  });

  it('refuses an answer that is not a registry’s (a web page on the port)', async () => {
    const registry = createRegistryClient(await registryAnswering(200, '<html>hello</html>'));
    for (const call of [() => registry.subjects(), () => registry.globalCompatibility()]) {
      const error = await call().catch((e: unknown) => e);
      expect((error as KafkaPackageError).code).toBe('KAFKA_REGISTRY_REJECTED');
      expect((error as Error).message).toMatch(/not a schema registry's answer/);
    }
  });

  it('is unavailable when the registry is down', async () => {
    const registry = createRegistryClient(await registryDown());
    const error = await registry.subjects().catch((e: unknown) => e);
    expect((error as KafkaPackageError).code).toBe('KAFKA_REGISTRY_UNAVAILABLE');
  });
});
