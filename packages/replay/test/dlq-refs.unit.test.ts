// Dead-letter refs: every ref formats and parses back; anything else is refused with the
// parameter named; scope order is by id (numerically), then type, then partition; and the
// provenance of a requeued entry reads back.
import { EVENT_TYPES } from '@tickflow/events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareRefs, type DeadLetterRef, formatRef, parseRef } from '../src/dlq/dead-letter-refs.ts';
import { requeuedProvenance } from '../src/dlq/provenance.ts';
import { BadInputError } from '../src/errors.ts';

const scope = { namespace: 'refs', partitions: 16 };
const entryId = fc
  .tuple(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }))
  .map(([ms, seq]) => `${ms}-${seq}`);
const ref = fc.record({
  type: fc.constantFrom(...EVENT_TYPES),
  partition: fc.integer({ min: 0, max: scope.partitions - 1 }),
  id: entryId,
});

describe('dead-letter refs', () => {
  it('parse(format(ref)) is the ref', () => {
    fc.assert(
      fc.property(ref, (r) => {
        expect(parseRef('refs', formatRef(r), scope)).toEqual(r);
      }),
    );
  });

  it('refuses what is not a ref of the scope, naming the parameter', () => {
    for (const bad of [
      '',
      'md:1',
      'md:1:2',
      'xx:1:2-3',
      'md:01:2-3',
      'md:-1:2-3',
      'md:16:2-3',
      'md:1:2-3-4',
      7,
    ]) {
      expect(() => parseRef('refs', bad, scope)).toThrow(BadInputError);
      try {
        parseRef('refs', bad, scope);
      } catch (error) {
        expect((error as BadInputError).parameter).toBe('refs');
      }
    }
  });

  it('orders by id numerically, then by type and partition', () => {
    expect(formatRef({ type: 'market_data', partition: 3, id: '1733412345678-0' })).toBe(
      'md:3:1733412345678-0',
    );
    const refs: DeadLetterRef[] = [
      { type: 'signal', partition: 0, id: '10-0' },
      { type: 'market_data', partition: 1, id: '9-5' },
      { type: 'market_data', partition: 0, id: '10-0' },
      { type: 'market_data', partition: 2, id: '9-10' },
    ];
    const sorted = refs.sort(compareRefs).map(formatRef);
    expect(sorted).toEqual(['md:1:9-5', 'md:2:9-10', 'md:0:10-0', 'sig:0:10-0']);
    fc.assert(
      fc.property(ref, ref, (a, b) => {
        expect(Math.sign(compareRefs(a, b))).toBe(-Math.sign(compareRefs(b, a)));
        if (compareRefs(a, b) === 0) expect(a).toEqual(b);
      }),
    );
  });

  it('reads the provenance of a requeued entry, and none of another', () => {
    expect(requeuedProvenance(['id', 'x', 'data', '{}'])).toBeUndefined();
    expect(
      requeuedProvenance([
        'id',
        'x',
        'requeued_from',
        '5-0',
        'requeued_entry',
        '3-1',
        'requeued_kind',
        'failed',
        'requeued_reason',
        'boom',
        'requeued_deliveries',
        '5',
      ]),
    ).toEqual({ deadLetterId: '5-0', originalEntryId: '3-1', kind: 'failed', reason: 'boom', deliveries: 5 });
  });
});
