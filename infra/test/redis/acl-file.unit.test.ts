// users.acl is what the description in users.ts renders (regenerate with
// `node infra/redis/acl/generate.ts`), and its key patterns are the key builders' own keys
// with wildcards: a layout change in packages/events/src/keys.ts changes the file.
import { readFileSync } from 'node:fs';
import { groupKeys, ingestKeys, operatorKeys, partitionKeys } from '@tickflow/events';
import { describe, expect, it } from 'vitest';
import {
  anyGroupPattern,
  groupPatterns,
  ingestPatterns,
  markerPattern,
  operatorPatterns,
  partitionPattern,
} from '../../redis/acl/key-patterns.ts';
import { renderAclFile, userRules } from '../../redis/acl/render.ts';
import { checkStrategyServices, readStrategyServices } from '../../redis/acl/strategy-services.ts';
import { type AclUser, aclUsers } from '../../redis/acl/users.ts';
import { ACL_FILE } from './support/paths.ts';

/** Redis' glob for the patterns used here (`*` only; `{`, `}` literal). */
const globMatches = (pattern: string, key: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  ).test(key);

describe('users.acl', () => {
  it('is exactly what users.ts renders (run node infra/redis/acl/generate.ts after changing users or keys)', () => {
    expect(readFileSync(ACL_FILE, 'utf8')).toBe(renderAclFile(aclUsers()));
  });

  it('has one line per user, the default user off, and no password in it', () => {
    const lines = readFileSync(ACL_FILE, 'utf8').trimEnd().split('\n');
    expect(lines.map((line) => line.split(' ')[1])).toEqual(aclUsers().map((user) => user.name));
    expect(lines[0]).toMatch(/^user default off resetpass resetkeys resetchannels -@all$/);
    for (const line of lines) expect(line).not.toMatch(/ [>#<]/);
  });
});

describe('the strategy services (strategy-services.json)', () => {
  const rulesOf = (users: readonly AclUser[], name: string) => {
    const user = users.find((candidate) => candidate.name === name);
    expect(user, name).toBeDefined();
    return userRules(user as AclUser).join(' ');
  };

  it('each get a user right after signal-engine, with exactly its rules for their own group', () => {
    const users = aclUsers({ strategyServices: ['strategy-spread-momentum', 'strategy-b2'] });
    expect(users.map((user) => user.name).slice(3, 6)).toEqual([
      'signal-engine',
      'strategy-spread-momentum',
      'strategy-b2',
    ]);
    const engine = rulesOf(users, 'signal-engine');
    expect(rulesOf(users, 'strategy-spread-momentum')).toBe(
      engine.replaceAll('signal-engine', 'strategy-spread-momentum'),
    );
    expect(engine).toContain(':ckpt:signal-engine');
    // None of signal-engine's own keys (its lease, checkpoint, members) are the strategy's.
    expect(rulesOf(users, 'strategy-b2')).not.toContain('signal-engine');
  });

  it('refuse names that are no strategy service (they become user names and key patterns), and duplicates', () => {
    expect(readStrategyServices()).toEqual(checkStrategyServices(readStrategyServices()));
    expect(checkStrategyServices(['strategy-a', 'strategy-b-2'])).toEqual(['strategy-a', 'strategy-b-2']);
    for (const bad of ['a', 'strategy-', 'strategy-A', 'strategy-a b', 'strategy-a*', 'strategy-a~', 7])
      expect(() => aclUsers({ strategyServices: [bad as string] }), String(bad)).toThrow(
        /is not strategy-<kebab-case name>/,
      );
    expect(() => aclUsers({ strategyServices: ['strategy-a', 'strategy-a'] })).toThrow(/listed twice/);
    expect(() => checkStrategyServices(undefined)).toThrow(/must be a list/);
  });
});

describe('the key patterns', () => {
  const keys = partitionKeys('live', 'market_data', 5);
  it('are the key builders’ keys with `*` for namespace, partition, group and source', () => {
    expect(partitionPattern('*', 'market_data')).toBe('tf:{*:md:*~*}');
    expect(partitionPattern('*', 'fill', (k) => k.checkpoint('fill-recorder'))).toBe(
      'tf:{*:fill:*~*}:ckpt:fill-recorder',
    );
    expect(anyGroupPattern('*', 'order', (k, group) => k.lease(group))).toBe('tf:{*:ord:*~*}:lease:*');
    expect(groupPatterns('*', 'signal-engine')).toEqual({
      members: 'tf:{*}:members:signal-engine',
      circuits: 'tf:{*}:circuits:signal-engine',
    });
    expect(partitionPattern('live', 'signal')).toBe('tf:{live:sig:*~*}');
    // Rendered for one namespace, a service's keys are that namespace's only.
    const engine = aclUsers({ namespace: 'live' }).find((user) => user.name === 'signal-engine');
    expect(engine?.grants[0]?.keys).toEqual({ read: ['tf:{live:md:*~*}'] });
  });

  it('match the keys they stand for and not their neighbours', () => {
    const cases: [string, string[], string[]][] = [
      [
        partitionPattern('*', 'market_data'),
        [keys.stream, partitionKeys('ops-replay', 'market_data', 0).stream],
        // The stream as named before partition tags had a suffix (decision 0028) is not one.
        [keys.deadLetter, partitionKeys('live', 'signal', 5).stream, 'tf:{live:md:5}'],
      ],
      [
        partitionPattern('*', 'market_data', (k) => k.deadLetter),
        [keys.deadLetter],
        [keys.requeued, keys.stream],
      ],
      [
        markerPattern('*', 'market_data'),
        [keys.publishedMarkers, `${keys.publishedMarkers}:60000:29000000`],
        [keys.stream, keys.deadLetter],
      ],
      [
        partitionPattern('*', 'market_data', (k) => k.checkpoint('signal-engine')),
        [keys.checkpoint('signal-engine')],
        [keys.checkpoint('signal-engine-2'), keys.checkpoint('other')],
      ],
      [
        groupPatterns('*', 'fill-recorder').members,
        [groupKeys('live', 'fill-recorder').members],
        [groupKeys('live', 'order-router').members],
      ],
      [
        operatorPatterns('*').rewindUndo,
        [operatorKeys('live').rewindUndo('fill-recorder')],
        [operatorKeys('live').audit],
      ],
      [
        ingestPatterns('*').progress,
        [ingestKeys('live').progress('tardis_quotes.csv')],
        [ingestKeys('live').deadLetter],
      ],
    ];
    for (const [pattern, matching, other] of cases) {
      for (const key of matching) expect(globMatches(pattern, key), `${pattern} ~ ${key}`).toBe(true);
      for (const key of other) expect(globMatches(pattern, key), `${pattern} !~ ${key}`).toBe(false);
    }
  });
});
