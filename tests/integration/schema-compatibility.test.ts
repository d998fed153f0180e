import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRegistryClient } from '@overfly/kafka';
import {
  findIncompatibilities,
  type TopicName,
  topicNames,
  valueSchemaFor,
} from '@overfly/schemas';
import { describe, expect, it } from 'vitest';
import { testEndpoints } from '../support/endpoints.js';

const lockFile = fileURLToPath(new URL('../../schemas/released.lock.json', import.meta.url));
const released = JSON.parse(readFileSync(lockFile, 'utf8')) as Record<string, unknown>;
const run = Date.now().toString(36);

/**
 * Asks the real registry whether `current` may follow `previous` under BACKWARD, on a
 * scratch subject; when it may not, the failure names the fields (from avsc's resolver).
 */
async function problemsOf(
  label: string,
  previous: object,
  current: object,
): Promise<string[] | null> {
  const registry = createRegistryClient(testEndpoints().registryUrl);
  const subject = `compat-check-${run}-${label}`;
  await registry.register(subject, previous);
  const verdict = await registry.checkCompatibility(subject, current);
  if (verdict.compatible) return null;
  const named = findIncompatibilities(previous, current);
  return named.length > 0 ? named : verdict.messages;
}

describe('schemas against their released versions (schemas/released.lock.json)', () => {
  it('has a released version for every topic', () => {
    expect(Object.keys(released).sort()).toEqual(topicNames.map((t) => `${t}-value`).sort());
  });

  it.each(topicNames.map((t) => [t]))(
    '%s is BACKWARD compatible with its released version',
    async (topic) => {
      const previous = released[`${topic}-value`] as object;
      const problems = await problemsOf(topic, previous, valueSchemaFor(topic as TopicName));
      expect(problems, `incompatible change in schemas/${topic}.avsc`).toBeNull();
    },
  );

  it('rejects a field added without a default, naming the field', async () => {
    const previous = released['flights.updates-value'] as { fields: object[] };
    const broken = {
      ...previous,
      fields: [...previous.fields, { name: 'tailNumber', type: 'string', doc: 'x' }],
    };
    const problems = await problemsOf('broken-added', previous, broken);
    expect(problems).not.toBeNull();
    expect(problems?.join('\n')).toContain('PositionUpdate.tailNumber');
  });

  it('rejects a changed field type, naming the field', async () => {
    const previous = released['flights.updates-value'] as { fields: { name: string }[] };
    const broken = {
      ...previous,
      fields: previous.fields.map((f) => (f.name === 'latitude' ? { ...f, type: 'string' } : f)),
    };
    const problems = await problemsOf('broken-type', previous, broken);
    expect(problems?.join('\n')).toContain('PositionUpdate.latitude');
  });
});
