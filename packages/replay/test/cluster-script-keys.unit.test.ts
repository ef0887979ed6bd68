// On Redis Cluster a script may only touch keys of one slot (CROSSSLOT otherwise). The replay
// package's scripts — the dead-letter requeue and the rewind and its undo — get their KEYS from
// the callers (requeue-dead-letters.ts, apply-rewind.ts, undo-rewind.ts) as built here; for any
// namespace, type, partition and group they must share one slot. Checked here, not found out
// in production; a key set that would cross slots fails the same check (last test).
// (count-in-range.ts's EVAL takes one key: one slot by construction.)
import { EVENT_TYPES, type EventType, groupKeys, type PartitionKeys, partitionKeys } from '@tickflow/events';
import { keySlot } from '@tickflow/streams';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REQUEUE_SCRIPT, type RequeueCommands } from '../src/dlq/requeue-script.ts';
import { REWIND_SCRIPTS, type RewindCommands } from '../src/rewind/rewind-scripts.ts';

interface Place {
  readonly keys: PartitionKeys;
  readonly namespace: string;
  readonly group: string;
}

type KeySets = Record<keyof RequeueCommands | keyof RewindCommands, (place: Place) => string[]>;

/** Each script's KEYS as its caller passes them. */
const SCRIPT_KEYS: KeySets = {
  tfReplayRequeue: ({ keys }) => [keys.stream, keys.deadLetter, keys.requeued],
  tfReplayRewindGroup: ({ keys, group }) => [keys.stream, keys.checkpoint(group)],
  tfReplayRewindRestore: ({ keys, group }) => [keys.stream, keys.checkpoint(group)],
};

const LOADED = [REQUEUE_SCRIPT, ...REWIND_SCRIPTS];

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

describe('the replay scripts on Redis Cluster', () => {
  it('declares the keys of every loaded script, as many as the script takes', () => {
    const sample: Place = { keys: partitionKeys('live', 'order', 3), namespace: 'live', group: 'g' };
    for (const { name, numberOfKeys } of LOADED)
      expect(SCRIPT_KEYS[name](sample), name).toHaveLength(numberOfKeys);
    expect(Object.keys(SCRIPT_KEYS).sort()).toEqual(LOADED.map((script) => script.name).sort());
  });

  it('reads and writes only the keys it is given (no key built inside a script)', () => {
    for (const { name, lua } of LOADED) {
      // Every redis.call's key argument is KEYS[n]: a key made in Lua could cross slots unseen.
      const calls = [...lua.matchAll(/redis\.call\(\s*'(\w+)'\s*,\s*(?:'(\w+)'\s*,\s*)?([^,)]+)/g)];
      expect(calls.length, name).toBeGreaterThan(0);
      for (const [call, , , key] of calls) expect(key?.trim(), `${name}: ${call}`).toMatch(/^KEYS\[\d\]$/);
    }
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
    // A requeue that also recorded the requeue in the group's members (a namespace key).
    const bad: Partial<KeySets> = {
      tfReplayRequeue: ({ keys, namespace, group }) => [keys.stream, groupKeys(namespace, group).members],
    };
    const at: Place = { keys: partitionKeys('live', 'order', 3), namespace: 'live', group: 'g' };
    expect(crossSlotScripts(bad, at)).toEqual([
      `tfReplayRequeue: ${keySlot(at.keys.stream)}, ${keySlot(groupKeys('live', 'g').members)}`,
    ]);
  });
});
