// Redis keys. One partition's keys share one hash tag, so Redis Cluster puts its stream,
// dead letters, checkpoints, leases, fences and publish marks in one slot (Lua may touch
// them together). The tag's `~<suffix>` is pinned here: it steers the slot (partition-tag.ts)
// and must never change, or every key is renamed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertGroupName,
  assertNamespace,
  EVENT_SPECS,
  EVENT_TYPES,
  type EventType,
  groupKeys,
  KEY_PREFIX,
  type PartitionKeys,
  parseStreamKey,
  partitionKeys,
} from '../src/index.ts';

/**
 * The part of a key Redis Cluster hashes (CLUSTER KEYSLOT): the text between the first '{'
 * and the first '}' after it, if that is non-empty; otherwise the whole key.
 */
function hashTag(key: string): string {
  const open = key.indexOf('{');
  if (open === -1) return key;
  const close = key.indexOf('}', open + 1);
  if (close === -1 || close === open + 1) return key;
  return key.slice(open + 1, close);
}

const namespaceArb = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,31}$/);
const groupArb = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);
const typeArb = fc.constantFrom(...EVENT_TYPES);
const partitionArb = fc.oneof(fc.nat({ max: 64 }), fc.nat({ max: 65_535 }));

const allKeys = (keys: PartitionKeys, group: string): string[] => [
  keys.stream,
  keys.deadLetter,
  keys.requeued,
  keys.checkpoint(group),
  keys.lease(group),
  keys.fence(group),
  keys.publishedMarkers,
];

describe('partitionKeys', () => {
  it("given ('live', 'market_data', 3), then the stream is tf:{live:md:3~1303}", () => {
    expect(partitionKeys('live', 'market_data', 3).stream).toBe('tf:{live:md:3~1303}');
    expect(KEY_PREFIX).toBe('tf');
  });

  it("given ('live', 'market_data', 3), then every key of the partition is spelled as documented", () => {
    const keys = partitionKeys('live', 'market_data', 3);
    expect(keys.namespace).toBe('live');
    expect(keys.type).toBe('market_data');
    expect(keys.partition).toBe(3);
    expect(keys.deadLetter).toBe('tf:{live:md:3~1303}:dlq');
    expect(keys.requeued).toBe('tf:{live:md:3~1303}:dlq:requeued');
    expect(keys.checkpoint('risk-engine')).toBe('tf:{live:md:3~1303}:ckpt:risk-engine');
    expect(keys.lease('risk-engine')).toBe('tf:{live:md:3~1303}:lease:risk-engine');
    expect(keys.fence('risk-engine')).toBe('tf:{live:md:3~1303}:fence:risk-engine');
    expect(keys.remembered('risk-engine')).toBe('tf:{live:md:3~1303}:seen:risk-engine');
    expect(keys.publishedMarkers).toBe('tf:{live:md:3~1303}:pub');
  });

  it('given each type, then its stream uses the stream tag of its spec', () => {
    const streams = EVENT_TYPES.map((type) => partitionKeys('paper', type, 0).stream);
    expect(streams).toStrictEqual([
      'tf:{paper:md:0~253}',
      'tf:{paper:sig:0~67}',
      'tf:{paper:ord:0~348}',
      'tf:{paper:fill:0~110}',
    ]);
    for (const type of EVENT_TYPES) {
      expect(partitionKeys('paper', type, 0).stream).toContain(`:${EVENT_SPECS[type].streamTag}:`);
    }
  });

  it('given the keys of one partition, then all share the hash tag {<namespace>:<tag>:<partition>~<suffix>}', () => {
    fc.assert(
      fc.property(namespaceArb, typeArb, partitionArb, groupArb, (namespace, type, partition, group) => {
        const keys = partitionKeys(namespace, type, partition);
        const tag = hashTag(keys.stream);
        expect(tag).toMatch(
          new RegExp(`^${namespace}:${EVENT_SPECS[type].streamTag}:${partition}~(0|[1-9][0-9]*)$`),
        );
        for (const key of allKeys(keys, group)) expect(hashTag(key)).toBe(tag);
      }),
    );
  });

  it('given two different partitions, types or namespaces, then their hash tags differ', () => {
    fc.assert(
      fc.property(
        fc.tuple(namespaceArb, typeArb, partitionArb),
        fc.tuple(namespaceArb, typeArb, partitionArb),
        ([ns1, type1, p1], [ns2, type2, p2]) => {
          fc.pre(ns1 !== ns2 || type1 !== type2 || p1 !== p2);
          const a = partitionKeys(ns1, type1, p1).stream;
          const b = partitionKeys(ns2, type2, p2).stream;
          expect(hashTag(a)).not.toBe(hashTag(b));
        },
      ),
    );
  });

  it('given one partition, then stream, dead letters and each per-group key are all different keys', () => {
    fc.assert(
      fc.property(
        namespaceArb,
        typeArb,
        partitionArb,
        groupArb,
        groupArb,
        (namespace, type, partition, g1, g2) => {
          const keys = partitionKeys(namespace, type, partition);
          const ofFirst = allKeys(keys, g1);
          expect(new Set(ofFirst).size).toBe(ofFirst.length);
          if (g1 !== g2) {
            expect(keys.checkpoint(g1)).not.toBe(keys.checkpoint(g2));
            expect(keys.lease(g1)).not.toBe(keys.lease(g2));
            expect(keys.fence(g1)).not.toBe(keys.fence(g2));
          }
        },
      ),
    );
  });

  for (const namespace of [
    '',
    'Live',
    '-live',
    '_live',
    'li ve',
    'live}',
    'l{x}',
    'live:md',
    'é',
    'n'.repeat(33),
  ]) {
    it(`given namespace ${JSON.stringify(namespace)}, then it throws RangeError`, () => {
      expect(() => partitionKeys(namespace, 'market_data', 0)).toThrow(RangeError);
      expect(() => groupKeys(namespace, 'risk')).toThrow(RangeError);
      expect(() => assertNamespace(namespace)).toThrow(RangeError);
    });
  }

  it('given namespaces of 1 and 32 allowed characters, then they are accepted', () => {
    expect(partitionKeys('a', 'fill', 0).stream).toBe('tf:{a:fill:0~67}');
    expect(partitionKeys('0'.repeat(32), 'fill', 0).stream).toBe(`tf:{${'0'.repeat(32)}:fill:0~217}`);
    expect(partitionKeys('replay_2024-06', 'order', 7).stream).toBe('tf:{replay_2024-06:ord:7~164}');
  });

  for (const group of ['', '-g', '.g', 'g h', 'g{x}', 'g}', 'g:x', 'ü', 'g'.repeat(65)]) {
    it(`given group ${JSON.stringify(group)}, then checkpoint, lease, fence and groupKeys throw RangeError`, () => {
      const keys = partitionKeys('live', 'signal', 1);
      expect(() => keys.checkpoint(group)).toThrow(RangeError);
      expect(() => keys.lease(group)).toThrow(RangeError);
      expect(() => keys.fence(group)).toThrow(RangeError);
      expect(() => groupKeys('live', group)).toThrow(RangeError);
      expect(() => assertGroupName(group)).toThrow(RangeError);
    });
  }

  it('given groups of 1 and 64 allowed characters, then they are accepted', () => {
    const keys = partitionKeys('live', 'signal', 1);
    expect(keys.checkpoint('G')).toBe('tf:{live:sig:1~3641}:ckpt:G');
    expect(keys.lease('g'.repeat(64))).toBe(`tf:{live:sig:1~3641}:lease:${'g'.repeat(64)}`);
    expect(keys.fence('Risk.Engine_2-a')).toBe('tf:{live:sig:1~3641}:fence:Risk.Engine_2-a');
  });

  for (const partition of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, -0.5]) {
    it(`given partition ${partition}, then it throws RangeError`, () => {
      expect(() => partitionKeys('live', 'order', partition)).toThrow(RangeError);
    });
  }

  it('given a partition too large to print as an integer (1e21), then it throws RangeError', () => {
    // String(1e21) is "1e+21": the key would read tf:{live:ord:1e+21~…}, which parseStreamKey
    // cannot read back. No partition count comes near; such a number is a caller bug.
    expect(() => partitionKeys('live', 'order', 1e21)).toThrow(RangeError);
  });
});

describe('groupKeys', () => {
  it("given ('live', 'risk-engine'), then members is tf:{live}:members:risk-engine", () => {
    expect(groupKeys('live', 'risk-engine').members).toBe('tf:{live}:members:risk-engine');
  });

  it('given any namespace and group, then members is tagged by the namespace alone and differs per group', () => {
    fc.assert(
      fc.property(namespaceArb, groupArb, groupArb, (namespace, g1, g2) => {
        expect(hashTag(groupKeys(namespace, g1).members)).toBe(namespace);
        if (g1 !== g2) expect(groupKeys(namespace, g1).members).not.toBe(groupKeys(namespace, g2).members);
      }),
    );
  });

  it('given any namespace, group and partition, then no group key is a partition key or a stream key', () => {
    fc.assert(
      fc.property(namespaceArb, groupArb, typeArb, partitionArb, (namespace, group, type, partition) => {
        const members = groupKeys(namespace, group).members;
        expect(allKeys(partitionKeys(namespace, type, partition), group)).not.toContain(members);
        expect(parseStreamKey(members)).toBeUndefined();
      }),
    );
  });
});

describe('parseStreamKey', () => {
  it('given the stream key of any namespace, type and partition, then it returns them', () => {
    fc.assert(
      fc.property(
        namespaceArb,
        typeArb,
        fc.oneof(partitionArb, fc.nat({ max: 65_535 })),
        (namespace, type, partition) => {
          const parsed = parseStreamKey(partitionKeys(namespace, type, partition).stream);
          expect(parsed).toStrictEqual({ namespace, type, partition });
        },
      ),
    );
  });

  it('given a stream key of each type, then the type is recognised from its tag', () => {
    const expected: Record<string, EventType> = {
      'tf:{live:md:3~1303}': 'market_data',
      'tf:{live:sig:3~408}': 'signal',
      'tf:{live:ord:3~694}': 'order',
      'tf:{live:fill:3~254}': 'fill',
    };
    for (const [key, type] of Object.entries(expected)) {
      expect(parseStreamKey(key)).toStrictEqual({ namespace: 'live', type, partition: 3 });
    }
  });

  const JUNK = [
    '',
    'tf',
    'tf:{}',
    'tf:live:md:3',
    'tf:{live:md:3~1303',
    'tf:{live:md:3~1303}:dlq',
    'tf:{live:md:3~1303}:ckpt:risk',
    ' tf:{live:md:3~1303}',
    'xx:{live:md:3~1303}',
    'TF:{live:md:3~1303}',
    'tf:{Live:md:3~1303}',
    'tf:{live:MD:3~1303}',
    'tf:{live:quote:3~1303}',
    'tf:{live:market_data:3~1303}',
    'tf:{live:md:-1~1303}',
    'tf:{live:md:~1303}',
    'tf:{live:md:3.5~1303}',
    'tf:{live:md:1e3~1303}',
    'tf:{live::3~1303}',
    'tf:{:md:3~1303}',
    'tf:{live:md:3:4~1303}',
    // The key before partition tags had a suffix (decision 0028), and wrong or odd suffixes.
    'tf:{live:md:3}',
    'tf:{live:md:3~}',
    'tf:{live:md:3~1302}',
    'tf:{live:md:3~01303}',
    'tf:{live:md:3~1303~1303}',
    'tf:{live:sig:3~1303}',
    'tf:{live:md:65536~0}',
  ];
  for (const junk of JUNK) {
    it(`given ${JSON.stringify(junk)}, then it returns undefined`, () => {
      expect(parseStreamKey(junk)).toBeUndefined();
    });
  }

  it('given a key with a non-canonical partition (leading zero), then it returns undefined', () => {
    // partitionKeys never writes "03"; reading it as partition 3 would name a different key.
    expect(parseStreamKey('tf:{live:md:03~1303}')).toBeUndefined();
  });

  it('given any string, then a parse result always names exactly that stream key', () => {
    // parseStreamKey is the inverse of partitionKeys(...).stream: whatever it accepts must
    // be the very key partitionKeys builds from the result.
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.stringMatching(/^tf:\{[a-z0-9_-]{1,6}:(md|sig|ord|fill|x):[0-9]{1,4}~[0-9]{1,4}\}$/),
        ),
        (key) => {
          const parsed = parseStreamKey(key);
          if (parsed !== undefined) {
            expect(partitionKeys(parsed.namespace, parsed.type, parsed.partition).stream).toBe(key);
          }
        },
      ),
      { numRuns: 500, examples: [['tf:{live:md:03~1303}'], ['tf:{live:md:3~1303}']] },
    );
  });
});
