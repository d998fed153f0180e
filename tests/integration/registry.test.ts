import { randomUUID } from 'node:crypto';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { createRegistryClient } from '@overfly/kafka';
import { describe, expect, inject, it } from 'vitest';
import { infraDown, infraStatus, infraUp } from '../../infra/src/index.js';
import { waitFor } from '../support/wait-for.js';

// Restarting needs a registry this checkout started; one answering from elsewhere (a
// developer's other worktree) is never stopped by us, so that test cannot run against it.
const registryIsOurs = (await infraStatus()).some((s) => s.component === 'registry' && s.running);

const registryUrl = inject('infra').registryUrl;
const registry = new SchemaRegistry({ host: registryUrl });
const run = randomUUID().slice(0, 8);

/** A fresh `<topic>-value` subject per test and run, so reruns never collide. */
const subjectFor = (name: string) => `overfly.test.${name}.${run}-value`;

const v1 = {
  type: 'record',
  name: 'Position',
  namespace: 'dev.overfly.test',
  fields: [
    { name: 'icao24', type: 'string' },
    { name: 'altitudeM', type: 'double' },
  ],
};
const withField = (field: Record<string, unknown>) => ({ ...v1, fields: [...v1.fields, field] });
const avro = (schema: object) => ({
  type: SchemaType.AVRO as const,
  schema: JSON.stringify(schema),
});

async function ccompat(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${registryUrl}${path}`, {
    ...init,
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
  });
}

describe('schema registry (Apicurio, Confluent-compatible API)', () => {
  it('registers a schema, serves it by id and round-trips a message', async () => {
    const subject = subjectFor('roundtrip');
    const { id } = await registry.register(avro(v1), { subject });
    expect(await registry.getLatestSchemaId(subject)).toBe(id);
    const fetched = (await registry.getSchema(id)) as { name?: string };
    expect(fetched.name).toBe('dev.overfly.test.Position');
    const raw = await ccompat(`/schemas/ids/${id}`);
    expect(JSON.parse(((await raw.json()) as { schema: string }).schema)).toEqual(v1);

    const message = { icao24: '4ca7b4', altitudeM: 10_668 };
    const encoded = await registry.encode(id, message);
    expect(encoded[0]).toBe(0); // Confluent wire format: magic byte, then the 4-byte id
    expect(encoded.readInt32BE(1)).toBe(id);
    expect(await registry.decode(encoded)).toEqual(message);
  });

  it('registers one new subject from many clients at once, as services started together do', async () => {
    // Found by CI: fee-calculator exited on 409 "A rule named 'COMPATIBILITY' already exists"
    // when another service set the new subject's compatibility first.
    // The race is narrow (both set the subject's config at the same moment): 20 new subjects,
    // 8 clients each, make it likely; without the retry this failed in most runs.
    const clients = Array.from({ length: 8 }, () => createRegistryClient(registryUrl));
    for (let n = 0; n < 20; n++) {
      const subject = subjectFor(`concurrent-first-${n}`);
      const ids = await Promise.all(clients.map((client) => client.register(subject, v1)));
      expect(new Set(ids).size).toBe(1);
      const config = await ccompat(`/config/${encodeURIComponent(subject)}`);
      expect(await config.json()).toMatchObject({ compatibilityLevel: 'BACKWARD' });
    }
  });

  it('has BACKWARD as the global compatibility level', async () => {
    const response = await ccompat('/config');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ compatibilityLevel: 'BACKWARD' });
  });

  it('refuses a BACKWARD-incompatible change: a new field without a default', async () => {
    const subject = subjectFor('incompatible');
    await registry.register(avro(v1), { subject });
    const breaking = withField({ name: 'squawk', type: 'string' });

    const check = await ccompat(`/compatibility/subjects/${subject}/versions/latest`, {
      method: 'POST',
      body: JSON.stringify({ schema: JSON.stringify(breaking) }),
    });
    // Like Confluent: the check itself succeeds (200) and reports the verdict.
    expect(check.status).toBe(200);
    expect(await check.json()).toMatchObject({ is_compatible: false });

    await expect(registry.register(avro(breaking), { subject })).rejects.toMatchObject({
      status: 409,
    });
    const versions = await ccompat(`/subjects/${subject}/versions`);
    expect(await versions.json()).toEqual([1]);
  });

  it('accepts a BACKWARD-compatible change: a new field with a default', async () => {
    const subject = subjectFor('compatible');
    const first = await registry.register(avro(v1), { subject });
    const evolved = withField({ name: 'squawk', type: ['null', 'string'], default: null });

    const check = await ccompat(`/compatibility/subjects/${subject}/versions/latest`, {
      method: 'POST',
      body: JSON.stringify({ schema: JSON.stringify(evolved) }),
    });
    expect(await check.json()).toMatchObject({ is_compatible: true });

    const second = await registry.register(avro(evolved), { subject });
    expect(second.id).not.toBe(first.id);
    expect(await registry.getLatestSchemaId(subject)).toBe(second.id);
    // A message written with v1 still decodes after the evolution.
    const old = await registry.encode(first.id, { icao24: '3c6444', altitudeM: 0 });
    expect(await registry.decode(old)).toEqual({ icao24: '3c6444', altitudeM: 0 });
  });

  it.skipIf(!registryIsOurs)(
    'keeps schema ids across a registry restart (SQL storage on PostgreSQL)',
    async () => {
      const subject = subjectFor('restart');
      const schema = withField({ name: `restart_${run}`, type: 'long', default: 0 });
      const { id } = await registry.register(avro(schema), { subject });

      await infraDown({ only: ['registry'] });
      const up = await infraUp();
      expect(up.started).toEqual(['registry']);

      // A fresh client: nothing cached from before the restart.
      const fresh = new SchemaRegistry({ host: registryUrl });
      const after = await waitFor(() => fresh.getSchema(id), {
        timeoutMs: 30_000,
        message: `schema ${id} after the restart`,
      });
      expect((after as { name?: string }).name).toBe('dev.overfly.test.Position');
      const raw = await ccompat(`/schemas/ids/${id}`);
      expect(JSON.parse(((await raw.json()) as { schema: string }).schema)).toEqual(schema);
      const message = { icao24: '4ca7b4', altitudeM: 1, [`restart_${run}`]: 7 };
      expect(await fresh.decode(await fresh.encode(id, message))).toEqual(message);
      expect(await fresh.getLatestSchemaId(subject)).toBe(id);
    },
  );
});
