// The operator audit log: entries appended and read back newest or oldest first, in pages,
// filtered by action and by operator; audited() records how an action ended and rethrows.
import { operatorKeys } from '@tickflow/events';
import { describe, expect, it } from 'vitest';
import { appendAudit } from '../src/audit/audit-log.ts';
import { audited } from '../src/audit/audited.ts';
import { readAudit } from '../src/audit/read-audit.ts';
import { BadInputError, ConflictError } from '../src/errors.ts';
import { redisForThisFile } from './support/file-redis.ts';
import { range } from './support/o-ticks.ts';

const file = redisForThisFile();

describe('audit log', () => {
  it('stores each field and reads entries back in both orders, a page at a time', async () => {
    const namespace = 'audit-pages';
    const ids: string[] = [];
    for (const i of range(0, 7)) {
      ids.push(
        await appendAudit(file.redis, namespace, {
          by: i % 2 === 0 ? 'alice' : 'bob',
          action: i < 4 ? 'dlq.requeue' : 'group.rewind',
          params: { i, from: 1_700_000_000_000_000_000n },
          outcome: 'ok',
          ...(i === 0 ? {} : { detail: { n: i } }),
        }),
      );
    }
    const [raw] = await file.redis.xrange(operatorKeys(namespace).audit, ids[0] as string, ids[0] as string);
    const stored = Object.fromEntries(
      (raw?.[1] ?? []).flatMap((value, index, all) => (index % 2 === 0 ? [[value, all[index + 1]]] : [])),
    );
    expect(stored).toMatchObject({
      by: 'alice',
      action: 'dlq.requeue',
      params: '{"i":0,"from":"1700000000000000000"}',
      outcome: 'ok',
      detail: '',
    });
    expect(Number(stored.at)).toBeGreaterThan(0);

    const collect = async (order: 'newest' | 'oldest', filters: { action?: string; by?: string } = {}) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await readAudit(file.redis, namespace, {
          limit: 3,
          order,
          ...filters,
          ...(cursor ? { cursor } : {}),
        });
        expect(page.entries.length).toBeLessThanOrEqual(3);
        seen.push(...page.entries.map((entry) => entry.id));
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      return seen;
    };
    expect(await collect('oldest')).toEqual(ids);
    expect(await collect('newest')).toEqual([...ids].reverse());
    expect(await collect('oldest', { action: 'group.rewind' })).toEqual(ids.slice(4));
    expect(await collect('newest', { by: 'bob', action: 'dlq.requeue' })).toEqual([ids[3], ids[1]]);

    const { entries } = await readAudit(file.redis, namespace, { limit: 2, order: 'oldest' });
    expect(entries[0]).toMatchObject({
      by: 'alice',
      params: { i: 0, from: '1700000000000000000' },
      outcome: 'ok',
      detail: undefined,
    });
    expect(entries[1]?.detail).toEqual({ n: 1 });
  });

  it('refuses a bad entry or query', async () => {
    const entry = { by: 'alice', action: 'x', params: {}, outcome: 'ok' as const };
    await expect(appendAudit(file.redis, 'audit-bad', { ...entry, by: '' })).rejects.toMatchObject({
      parameter: 'by',
    });
    await expect(
      appendAudit(file.redis, 'audit-bad', { ...entry, outcome: 'maybe' as 'ok' }),
    ).rejects.toMatchObject({ parameter: 'outcome' });
    await expect(readAudit(file.redis, 'audit-bad', { limit: 0, order: 'oldest' })).rejects.toThrow(
      BadInputError,
    );
    await expect(
      readAudit(file.redis, 'audit-bad', { limit: 1, order: 'oldest', cursor: 'x' }),
    ).rejects.toMatchObject({
      parameter: 'cursor',
    });
    expect(await file.redis.exists(operatorKeys('audit-bad').audit)).toBe(0);
  });

  it('audited records ok, dry-run, refused and failed, and rethrows', async () => {
    const namespace = 'audit-wrap';
    const params = { group: 'g' };
    expect(await audited(file.redis, namespace, 'ops', 'a.ok', params, async () => 42)).toBe(42);
    const dry = await audited(
      file.redis,
      namespace,
      'ops',
      'a.dry',
      params,
      async () => ({ dryRun: true, matched: 3 }),
      (result) => ({ outcome: result.dryRun ? 'dry-run' : 'ok', detail: { matched: result.matched } }),
    );
    expect(dry.matched).toBe(3);
    await expect(
      audited(file.redis, namespace, 'ops', 'a.refused', params, async () => {
        throw new ConflictError('group g has live consumers: c1');
      }),
    ).rejects.toThrow(ConflictError);
    await expect(
      audited(file.redis, namespace, 'ops', 'a.failed', params, async () => {
        throw new Error('Redis went away');
      }),
    ).rejects.toThrow('Redis went away');
    let ran = false;
    await expect(
      audited(file.redis, namespace, '', 'a.nobody', params, async () => {
        ran = true;
      }),
    ).rejects.toThrow(BadInputError);
    expect(ran).toBe(false);

    const { entries } = await readAudit(file.redis, namespace, { limit: 10, order: 'oldest' });
    expect(entries.map(({ action, outcome, detail, params: p }) => ({ action, outcome, detail, p }))).toEqual(
      [
        { action: 'a.ok', outcome: 'ok', detail: undefined, p: params },
        { action: 'a.dry', outcome: 'dry-run', detail: { matched: 3 }, p: params },
        {
          action: 'a.refused',
          outcome: 'refused',
          detail: { error: 'group g has live consumers: c1', name: 'ConflictError' },
          p: params,
        },
        {
          action: 'a.failed',
          outcome: 'failed',
          detail: { error: 'Redis went away', name: 'Error' },
          p: params,
        },
      ],
    );
  });
});
