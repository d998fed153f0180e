import { readFileSync } from 'node:fs';
import { topicNames } from '@overfly/schemas';
import { describe, expect, it } from 'vitest';
import { topicSpecs } from './catalogue.js';

// The catalogue as people edit it, read directly rather than through the generated code.
interface CatalogueEntry {
  name: string;
  partitions: number;
  replicationFactor: number;
  minInSyncReplicas?: number;
  cleanupPolicy: 'delete' | 'compact';
  retentionMs: number;
}
const catalogue = (
  JSON.parse(readFileSync(new URL('../../../schemas/topics.json', import.meta.url), 'utf8')) as {
    topics: CatalogueEntry[];
  }
).topics;

describe('topicSpecs', () => {
  it('covers every catalogue topic once, in catalogue order', () => {
    const names = topicSpecs().map((spec) => spec.name);
    expect(names).toEqual(catalogue.map((t) => t.name));
    expect(names).toEqual([...topicNames]);
    expect(new Set(names).size).toBe(names.length);
  });

  it('gives each topic the partitions, replication, cleanup, retention and min ISR of schemas/topics.json', () => {
    const specs = new Map(topicSpecs().map((spec) => [spec.name, spec]));
    for (const entry of catalogue) {
      const expected = {
        name: entry.name,
        partitions: entry.partitions,
        replicationFactor: entry.replicationFactor,
        cleanupPolicy: entry.cleanupPolicy,
        retentionMs: entry.retentionMs,
        ...(entry.minInSyncReplicas === undefined
          ? {}
          : { minInSyncReplicas: entry.minInSyncReplicas }),
      };
      expect(specs.get(entry.name), entry.name).toEqual(expected);
    }
  });

  it('keeps the position log 7 days on 6 partitions and the live state compacted forever', () => {
    const byName = new Map(topicSpecs().map((spec) => [spec.name, spec]));
    expect(byName.get('flights.updates')).toEqual({
      name: 'flights.updates',
      partitions: 6,
      replicationFactor: 3,
      minInSyncReplicas: 2,
      cleanupPolicy: 'delete',
      retentionMs: 7 * 24 * 3_600_000,
    });
    expect(byName.get('flights.state')).toMatchObject({
      cleanupPolicy: 'compact',
      retentionMs: -1,
    });
    expect(byName.get('dead.letter')).toMatchObject({
      cleanupPolicy: 'delete',
      retentionMs: 30 * 24 * 3_600_000,
    });
  });

  it('returns fresh objects, so a caller cannot change the catalogue', () => {
    const first = topicSpecs();
    first[0]!.partitions = 99;
    expect(topicSpecs()[0]!.partitions).toBe(catalogue[0]!.partitions);
  });
});
