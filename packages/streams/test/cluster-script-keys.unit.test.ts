// On Redis Cluster a script may only touch keys of one slot (CROSSSLOT otherwise). Every
// script's KEYS, as its callers build them (settlement.ts, lease-manager.ts, publisher.ts),
// must therefore share one slot for any namespace, type, partition and group — checked here,
// not found out in production. A script whose keys would cross slots fails the same check.
// (Where partitions land over the masters: packages/events/test/partition-tag.unit.test.ts.)
import { EVENT_TYPES, type EventType, groupKeys, type PartitionKeys, partitionKeys } from '@tickflow/events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keySlot } from '../src/cluster-slots.ts';
import { LOADED_SCRIPTS, type ScriptCommands } from '../src/scripts.ts';

interface Place {
  readonly keys: PartitionKeys;
  readonly namespace: string;
  readonly group: string;
}

type KeySets = Record<keyof ScriptCommands, (place: Place) => string[]>;

/** Each script's KEYS as its caller passes them (plus the keys a script derives from them). */
const SCRIPT_KEYS: KeySets = {
  // publish.lua also derives its marker buckets `<KEYS[2]>:<window>:<bucket>` from KEYS[2].
  tfPublish: ({ keys }) => [keys.stream, keys.publishedMarkers, `${keys.publishedMarkers}:60000:29000000`],
  tfLeaseAcquire: ({ keys, group }) => [keys.lease(group), keys.fence(group)],
  tfLeaseRenew: ({ keys, group }) => [keys.lease(group)],
  tfLeaseRelease: ({ keys, group }) => [keys.lease(group)],
  tfAck: ({ keys, group }) => [
    keys.stream,
    keys.lease(group),
    keys.checkpoint(group),
    keys.remembered(group),
  ],
  tfDeadLetter: ({ keys, group }) => [
    keys.stream,
    keys.lease(group),
    keys.checkpoint(group),
    keys.deadLetter,
    keys.remembered(group),
  ],
  tfHeartbeat: ({ namespace, group }) => [groupKeys(namespace, group).members],
};

/** The scripts whose keys do not all share one slot at `place`, with their slots. */
function crossSlotScripts(sets: Partial<KeySets>, place: Place): string[] {
  return Object.entries(sets).flatMap(([name, keysOf]) => {
    const slots = new Set(keysOf(place).map(keySlot));
    return slots.size === 1 ? [] : [`${name}: ${[...slots].join(', ')}`];
  });
}

const place = fc
  .record({
    namespace: fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,31}$/),
    type: fc.constantFrom(...EVENT_TYPES),
    partition: fc.integer({ min: 0, max: 65_535 }),
    group: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/),
  })
  .map(({ namespace, type, partition, group }) => ({
    keys: partitionKeys(namespace, type as EventType, partition),
    namespace,
    group,
  }));

describe('the scripts on Redis Cluster', () => {
  it('declares the keys of every loaded script, as many as the script takes', () => {
    const sample: Place = { keys: partitionKeys('live', 'order', 3), namespace: 'live', group: 'g' };
    for (const { name, numberOfKeys } of LOADED_SCRIPTS) {
      const declared = SCRIPT_KEYS[name](sample).filter(
        (key) => !key.startsWith(`${sample.keys.publishedMarkers}:`),
      );
      expect(declared, name).toHaveLength(numberOfKeys);
    }
    expect(Object.keys(SCRIPT_KEYS).sort()).toEqual(LOADED_SCRIPTS.map((script) => script.name).sort());
  });

  it('given any namespace, type, partition and group, then every script touches one slot', () => {
    fc.assert(
      fc.property(place, (at) => {
        expect(crossSlotScripts(SCRIPT_KEYS, at)).toEqual([]);
      }),
      { numRuns: 2_000 },
    );
  });

  it('given a script whose keys would cross slots, then the check names it', () => {
    // An ack that also touched the group's members (a key of the namespace, not the partition).
    const bad: Partial<KeySets> = {
      tfAck: ({ keys, namespace, group }) => [
        keys.stream,
        keys.lease(group),
        groupKeys(namespace, group).members,
      ],
    };
    const at: Place = { keys: partitionKeys('live', 'order', 3), namespace: 'live', group: 'g' };
    expect(crossSlotScripts(bad, at)).toEqual([
      `tfAck: ${keySlot(at.keys.stream)}, ${keySlot(groupKeys('live', 'g').members)}`,
    ]);
  });
});
