// Partition hash tags land each partition near its van der Corput target slot, so the
// masters of a cluster whose slots are split evenly (as `redis-cli --cluster create` splits
// them) hold a fair share of the partitions of every type: ⌊N/M⌋ or ⌈N/M⌉ of N over M.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CLUSTER_SLOTS,
  EVENT_SPECS,
  EVENT_TYPES,
  type EventType,
  keySlot,
  partitionKeys,
  partitionTargetSlot,
  SLOT_WINDOW,
} from '../src/index.ts';

/**
 * The slot ranges `redis-cli --cluster create` gives `masters` masters (redis-cli.c,
 * clusterManagerCommandCreate): `masters` runs of 16384/masters slots, each ending at
 * lround(cursor + per - 1), the last one at 16383.
 */
function clusterCreateRanges(masters: number): [number, number][] {
  const per = CLUSTER_SLOTS / masters;
  const ranges: [number, number][] = [];
  let first = 0;
  let cursor = 0;
  for (let i = 0; i < masters; i++) {
    let last = Math.round(cursor + per - 1);
    if (last > CLUSTER_SLOTS || i === masters - 1) last = CLUSTER_SLOTS - 1;
    if (last < first) last = first;
    ranges.push([first, last]);
    first = last + 1;
    cursor += per;
  }
  return ranges;
}

/** How many of partitions 0..count-1 of `type` in `namespace` each master's range holds. */
function perMaster(namespace: string, type: EventType, count: number, masters: number): number[] {
  const ranges = clusterCreateRanges(masters);
  const held = ranges.map(() => 0);
  for (let p = 0; p < count; p++) {
    const slot = keySlot(partitionKeys(namespace, type, p).stream);
    const master = ranges.findIndex(([from, to]) => slot >= from && slot <= to);
    held[master] = (held[master] as number) + 1;
  }
  return held;
}

describe('partition hash tags over the masters', () => {
  it('computes the slot ranges redis-cli gives 3 masters', () => {
    expect(clusterCreateRanges(3)).toEqual([
      [0, 5460],
      [5461, 10922],
      [10923, 16383],
    ]);
  });

  for (const masters of [3, 4, 5, 6]) {
    for (const count of [8, 16]) {
      it(`given ${count} partitions over ${masters} masters, then each master holds ⌊${count}/${masters}⌋ or ⌈${count}/${masters}⌉ of every type`, () => {
        const fair = [Math.floor(count / masters), Math.ceil(count / masters)];
        for (const namespace of ['live', 'e2e', 'replay-01j9z3k4m5', 'x']) {
          for (const type of EVENT_TYPES) {
            const held = perMaster(namespace, type, count, masters);
            expect(
              held.every((n) => fair.includes(n)),
              `${namespace} ${type}: ${held.join('/')}`,
            ).toBe(true);
          }
        }
      });
    }
  }

  it('given live with 8 and 16 partitions over 3 masters, then 3/3/2 and 6/5/5 (was 4/2/2 and 7/3/6)', () => {
    expect(perMaster('live', 'market_data', 8, 3)).toEqual([3, 3, 2]);
    expect(perMaster('live', 'market_data', 16, 3)).toEqual([6, 5, 5]);
  });

  it('given any namespace, type and partition, then the tag hashes into the window after its target', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,31}$/),
        fc.constantFrom(...EVENT_TYPES),
        fc.nat({ max: 65_535 }),
        (namespace, type, partition) => {
          const slot = keySlot(partitionKeys(namespace, type, partition).stream);
          const offset = (slot - partitionTargetSlot(partition) + CLUSTER_SLOTS) % CLUSTER_SLOTS;
          expect(offset).toBeLessThan(SLOT_WINDOW);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('given one partition, then its four types sit in one window: one master serves a hop', () => {
    for (let p = 0; p < 64; p++) {
      const slots = EVENT_TYPES.map((type) => keySlot(partitionKeys('live', type, p).stream));
      expect(Math.max(...slots) - Math.min(...slots), `partition ${p}`).toBeLessThan(SLOT_WINDOW);
    }
  });

  it('gives distinct tags to different namespaces, types and partitions', () => {
    const tags = new Set<string>();
    for (const namespace of ['live', 'e2e', 'paper'])
      for (const type of EVENT_TYPES)
        for (let p = 0; p < 64; p++) tags.add(partitionKeys(namespace, type, p).stream);
    expect(tags.size).toBe(3 * EVENT_TYPES.length * 64);
  });
});

describe('partitionTargetSlot', () => {
  it('is the van der Corput fraction of the partition times 16384', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(partitionTargetSlot)).toEqual([
      0, 8192, 4096, 12288, 2048, 10240, 6144, 14336,
    ]);
    expect(partitionTargetSlot(8)).toBe(1024);
    expect(partitionTargetSlot(65_535)).toBe(16_383);
  });

  it('given a power of two N up to 16384, then the first N targets are N evenly spaced slots', () => {
    for (let n = 1; n <= 16_384; n *= 2) {
      const targets = Array.from({ length: n }, (_, p) => partitionTargetSlot(p)).sort((a, b) => a - b);
      expect(targets).toEqual(Array.from({ length: n }, (_, i) => (i * CLUSTER_SLOTS) / n));
    }
  });
});

describe('tags are stable (changing one renames a partition’s keys)', () => {
  it('pins the tags of live, 8 partitions, market data', () => {
    expect(Array.from({ length: 8 }, (_, p) => partitionKeys('live', 'market_data', p).stream)).toEqual([
      'tf:{live:md:0~730}',
      'tf:{live:md:1~35}',
      'tf:{live:md:2~264}',
      'tf:{live:md:3~1303}',
      'tf:{live:md:4~738}',
      'tf:{live:md:5~503}',
      'tf:{live:md:6~481}',
      'tf:{live:md:7~1105}',
    ]);
    expect(EVENT_SPECS.market_data.streamTag).toBe('md');
  });

  it('pins the tags of the other types and of the highest partition', () => {
    expect(partitionKeys('live', 'signal', 3).stream).toBe('tf:{live:sig:3~408}');
    expect(partitionKeys('live', 'order', 3).stream).toBe('tf:{live:ord:3~694}');
    expect(partitionKeys('live', 'fill', 3).stream).toBe('tf:{live:fill:3~254}');
    expect(partitionKeys('live', 'market_data', 65_535).stream).toBe('tf:{live:md:65535~535}');
  });
});
