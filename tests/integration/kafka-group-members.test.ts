// packages/kafka's admin.groupMembers against the real broker: how two instances of one
// consumer group share a topic's partitions, and what is left when one leaves.
import { describe, expect, it } from 'vitest';
import { isolatedRuntime, withAdmin } from '../support/kafka-runtime.js';
import { waitFor } from '../support/wait-for.js';

/** Topic → partitions of every member, as sorted lists, for one comparison. */
const shares = (members: Array<{ partitions: Map<string, number[]> }>, topic: string) =>
  members.map((m) => m.partitions.get(topic) ?? []).sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));

describe('admin.groupMembers', () => {
  it('lists each member of a group with the partitions it was given', async () => {
    const { prefix, open } = await isolatedRuntime('group-members');
    const topic = `${prefix}flights.updates`;
    const groupId = `${prefix}sharing`;
    const loop = (name: string) =>
      open(name).consume({ groupId, topics: ['flights.updates'], handle: async () => {} });
    expect(await withAdmin((admin) => admin.groupMembers(groupId))).toEqual([]);

    const first = await loop('instance-a');
    const second = await loop('instance-b');
    // flights.updates has 6 partitions: once the group has settled, 3 each, none twice.
    const settled = await waitFor(
      async () => {
        const members = await withAdmin((admin) => admin.groupMembers(groupId));
        const parts = shares(members, topic);
        return members.length === 2 && parts.every((p) => p.length === 3) ? members : null;
      },
      { timeoutMs: 60_000, intervalMs: 250, message: 'both members to hold 3 partitions' },
    );
    expect(shares(settled, topic).flat().sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(settled.map((m) => m.clientId).sort()).toEqual([
      expect.stringContaining('instance-a'),
      expect.stringContaining('instance-b'),
    ]);

    // The one left holds all six.
    await second.stop();
    const alone = await waitFor(
      async () => {
        const members = await withAdmin((admin) => admin.groupMembers(groupId));
        return members.length === 1 && shares(members, topic)[0]?.length === 6 ? members : null;
      },
      { timeoutMs: 60_000, intervalMs: 250, message: 'the remaining member to hold all 6' },
    );
    expect(shares(alone, topic)).toEqual([[0, 1, 2, 3, 4, 5]]);
    await first.stop();
  });
});
