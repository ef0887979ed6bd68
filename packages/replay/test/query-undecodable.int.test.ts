// Browsing past an entry that is not an event: the page lists it (stream, entry, why) and
// paging goes on, in both orders.
import { partitionKeys } from '@tickflow/events';
import { connect } from '@tickflow/streams';
import { type EphemeralRedis, startEphemeralRedis } from '@tickflow/testkit';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryEvents } from '../src/query/query-events.ts';
import type { Scope } from '../src/scope.ts';
import { parseSelection } from '../src/selection/selection.ts';
import { publishTicks } from './support/e-ticks.ts';

const SCOPE: Scope = { namespace: 'browse', partitions: 1 };
let server: EphemeralRedis;
let redis: Redis;
let garbageId: string;

beforeAll(async () => {
  server = await startEphemeralRedis();
  redis = await connect({ url: server.url }, 'commands');
  await publishTicks(redis, SCOPE, 5, 1_000_000n);
  garbageId = (await redis.xadd(
    partitionKeys(SCOPE.namespace, 'market_data', 0).stream,
    '*',
    'no',
    'event',
  )) as string;
});

afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

describe('queryEvents past an undecodable entry', () => {
  for (const order of ['oldest', 'newest'] as const) {
    it(`${order} first: lists it and pages on`, async () => {
      const selection = parseSelection({ types: 'md' }, SCOPE);
      const seen: string[] = [];
      const undecodable: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await queryEvents(redis, SCOPE, selection, { order, limit: 2, cursor });
        seen.push(...page.events.map((stored) => stored.entryId));
        undecodable.push(...page.undecodable.map((entry) => entry.entryId));
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      expect(seen).toHaveLength(5);
      expect(undecodable).toEqual([garbageId]);
    });
  }
});
