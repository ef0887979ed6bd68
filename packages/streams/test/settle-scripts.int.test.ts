// The settling scripts called directly on a real Redis: the ack and the dead-letter move refuse
// a stale owner and then change nothing, move the checkpoint forward only, save the state only
// when it changed, remember and ack more ids than Lua's unpack takes at once, and write the
// dead-letter entry's fields in their documented order. And how the scripts are loaded: the
// settle prelude exactly once in front of each script that takes it, headers that match.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isFencedReply } from '../src/redis-errors.ts';
import { LOADED_SCRIPTS } from '../src/scripts.ts';
import { redisForThisFile } from './support/redis-per-file.ts';
import {
  ack,
  DEAD_LETTER_FIELDS,
  deadLetter,
  GROUP,
  HOLDER,
  newPartition,
  numbered,
  PRELUDE,
  redisTimeMs,
  SCRIPTS_DIR,
  settled,
} from './support/settle-calls.ts';
import { checkpointOf, pendingCount, readStream } from './support/stream-inspect.ts';

const file = redisForThisFile();

const partition = (count: number, explicitIds: readonly string[] = []) =>
  newPartition(file.redis, count, explicitIds);

describe('the ack script', () => {
  it('refuses a caller whose lease value differs (or with no lease), and changes nothing', async () => {
    const p = await partition(3);
    const before = await settled(p);
    await p.redis.set(p.keys.lease(GROUP), 'c|2');
    const settle = { state: '{"v":1}', remember: ['r'] };
    const refusal = await ack(p, p.ids, settle).catch((error: unknown) => error);
    expect(isFencedReply(refusal)).toBe(true);
    expect((refusal as Error).message).toBe(`FENCED lease of ${p.keys.stream} is not held by ${HOLDER}`);
    await p.redis.del(p.keys.lease(GROUP));
    await expect(ack(p, p.ids, settle)).rejects.toThrow(/^FENCED /);
    expect(await settled(p)).toEqual(before);
    expect(before.pending).toBe(3);
  });

  it('acks the entries and moves the checkpoint to the last of them, never back', async () => {
    // 9-5 comes before 10-0 although it sorts after it as text.
    const p = await partition(4, ['9-5', '10-0', '10-1', '10-2']);
    expect(await ack(p, ['10-0'])).toBe(1);
    expect((await checkpointOf(p.redis, p.keys.checkpoint(GROUP))).last).toBe('10-0');
    expect(await ack(p, ['9-5'])).toBe(1);
    expect((await checkpointOf(p.redis, p.keys.checkpoint(GROUP))).last).toBe('10-0');
    expect(await ack(p, ['10-2'])).toBe(1);
    expect(await ack(p, ['10-1'])).toBe(1);
    expect((await checkpointOf(p.redis, p.keys.checkpoint(GROUP))).last).toBe('10-2');
    expect(await pendingCount(p.redis, p.keys.stream, GROUP)).toBe(0);
  });

  it('saves the state only when it is not empty', async () => {
    const p = await partition(3);
    const [first, second, third] = p.ids as [string, string, string];
    await ack(p, [first], { state: '{"v":1}' });
    expect((await checkpointOf(p.redis, p.keys.checkpoint(GROUP))).state).toEqual({ v: 1 });
    await ack(p, [second], { state: '' });
    expect(await checkpointOf(p.redis, p.keys.checkpoint(GROUP))).toEqual({ last: second, state: { v: 1 } });
    await ack(p, [third], { state: '{"v":3}' });
    expect(await checkpointOf(p.redis, p.keys.checkpoint(GROUP))).toEqual({ last: third, state: { v: 3 } });
  });

  it('remembers 2,500 ids given in one call', async () => {
    const p = await partition(2);
    const remember = numbered('ev-', 2_500);
    expect(await ack(p, p.ids, { remember })).toBe(2);
    expect(await p.redis.scard(p.keys.remembered(GROUP))).toBe(2_500);
    expect(
      await p.redis.smismember(p.keys.remembered(GROUP), 'ev-0', 'ev-999', 'ev-1000', 'ev-2499'),
    ).toEqual([1, 1, 1, 1]);
  });

  it('acks 9,000 entries in one call (past what Lua unpacks at once)', async () => {
    const p = await partition(9_000);
    expect(await ack(p, p.ids, { remember: numbered('ev-', 9_000) })).toBe(9_000);
    expect(await settled(p)).toEqual({
      pending: 0,
      checkpoint: { last: p.ids.at(-1), state: undefined },
      remembered: 9_000,
      deadLetters: 0,
    });
  });
});

describe('the dead-letter script', () => {
  it('writes the entry with exactly its fields, in order, and returns its id', async () => {
    const p = await partition(2);
    const [, entry] = p.ids as [string, string];
    const id = await deadLetter(p, entry, {
      kind: 'permanent',
      reason: 'no such instrument',
      deliveries: 3,
      fieldsJson: '["n","1"]',
      eventId: 'event-7',
      handler: 'orders',
      earlier: [p.ids[0] as string],
    });
    const [[letterId, flat]] = (await p.redis.xrange(p.keys.deadLetter, '-', '+')) as [[string, string[]]];
    expect(letterId).toBe(id);
    const at = flat[DEAD_LETTER_FIELDS.indexOf('at') * 2 + 1];
    expect(flat).toEqual([
      ...['kind', 'permanent', 'reason', 'no such instrument', 'stream', p.keys.stream, 'entry', entry],
      ...['event_id', 'event-7', 'group', GROUP, 'handler', 'orders', 'deliveries', '3'],
      ...['at', at, 'fields', '["n","1"]'],
    ]);
    expect(at).toMatch(/^\d{13}$/);
  });

  it("keeps '' for the fields of a trimmed entry, an unknown event id and no handler", async () => {
    const p = await partition(1);
    await deadLetter(p, p.ids[0] as string, {
      kind: 'trimmed',
      fieldsJson: '',
      eventId: '',
      handler: '',
    });
    const [letter] = await readStream(p.redis, p.keys.deadLetter);
    expect(Object.keys(letter?.fields ?? {})).toEqual(DEAD_LETTER_FIELDS);
    expect(letter?.fields).toMatchObject({ kind: 'trimmed', event_id: '', handler: '', fields: '' });
  });

  it('acks the entry and the earlier ones, remembers, saves the state and moves the checkpoint to the entry', async () => {
    const p = await partition(4);
    const [first, second, entry] = p.ids as [string, string, string, string];
    await deadLetter(p, entry, { earlier: [first, second], remember: ['a', 'b'], state: '{"v":2}' });
    expect(await settled(p)).toEqual({
      pending: 1,
      checkpoint: { last: entry, state: { v: 2 } },
      remembered: 2,
      deadLetters: 1,
    });
    expect(await p.redis.xpending(p.keys.stream, GROUP, '-', '+', 10)).toEqual([
      [p.ids[3], 'c', expect.any(Number), 1],
    ]);
  });

  it('moves the checkpoint forward only, and keeps the state when it is empty', async () => {
    const p = await partition(2);
    const [older, newer] = p.ids as [string, string];
    await ack(p, [newer], { state: '{"v":1}' });
    await deadLetter(p, older, { state: '' });
    expect(await checkpointOf(p.redis, p.keys.checkpoint(GROUP))).toEqual({ last: newer, state: { v: 1 } });
    expect(await pendingCount(p.redis, p.keys.stream, GROUP)).toBe(0);
  });

  it('acks 9,000 earlier entries and remembers 1,500 ids in one call', async () => {
    const p = await partition(9_001);
    const entry = p.ids.at(-1) as string;
    await deadLetter(p, entry, { earlier: p.ids.slice(0, -1), remember: numbered('ev-', 1_500) });
    expect(await settled(p)).toEqual({
      pending: 0,
      checkpoint: { last: entry, state: undefined },
      remembered: 1_500,
      deadLetters: 1,
    });
  });

  it('refuses a caller whose lease value differs, and changes nothing', async () => {
    const p = await partition(3);
    const before = await settled(p);
    await p.redis.set(p.keys.lease(GROUP), 'c|2');
    const refusal = await deadLetter(p, p.ids[2] as string, {
      earlier: p.ids.slice(0, 2),
      remember: ['r'],
      state: '{"v":1}',
    }).catch((error: unknown) => error);
    expect(isFencedReply(refusal)).toBe(true);
    expect((refusal as Error).message).toBe(`FENCED lease of ${p.keys.stream} is not held by ${HOLDER}`);
    expect(await settled(p)).toEqual(before);
    expect(before).toMatchObject({ pending: 3, deadLetters: 0 });
    expect(await p.redis.exists(p.keys.deadLetter)).toBe(0);
  });

  it("stamps `at` with Redis' clock", async () => {
    const p = await partition(1);
    const before = await redisTimeMs(p.redis);
    await deadLetter(p, p.ids[0] as string);
    const after = await redisTimeMs(p.redis);
    const [letter] = await readStream(p.redis, p.keys.deadLetter);
    const at = Number(letter?.fields.at);
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(after);
  });
});

describe('the scripts as loaded', () => {
  const own = (file: string) => readFileSync(join(SCRIPTS_DIR, file), 'utf8');
  const occurrences = (text: string, part: string) => text.split(part).length - 1;

  it('have the settle prelude exactly once, in front of ack and dead-letter only, and Redis runs that text', async () => {
    const withPrelude = LOADED_SCRIPTS.filter((script) => occurrences(script.lua, PRELUDE) > 0);
    expect(withPrelude.map((script) => script.name).sort()).toEqual(['tfAck', 'tfDeadLetter']);
    for (const script of withPrelude) {
      expect(occurrences(script.lua, PRELUDE), script.name).toBe(1);
      expect(script.lua.startsWith(PRELUDE), script.name).toBe(true);
      expect(script.lua.endsWith(own(script.file)), script.name).toBe(true);
      // The bodies keep only their own logic: no second copy of the shared steps.
      expect(own(script.file), script.name).not.toMatch(/error_reply|local function|SADD|HSET|unpack/);
    }
    // Whatever ioredis sends is that text (a fenced call loads the script, and refuses).
    const p = await partition(1);
    await p.redis.set(p.keys.lease(GROUP), 'c|2');
    await expect(ack(p, p.ids)).rejects.toThrow(/^FENCED /);
    await expect(deadLetter(p, p.ids[0] as string)).rejects.toThrow(/^FENCED /);
    const shas = withPrelude.map((script) => createHash('sha1').update(script.lua).digest('hex'));
    expect(await p.redis.script('EXISTS', ...shas)).toEqual([1, 1]);
  });

  it('name in their headers exactly the keys they are registered with, and say what they take and return', () => {
    const keysIn = (lines: readonly string[]) =>
      [
        ...new Set(lines.flatMap((line) => [...line.matchAll(/KEYS\[(\d+)\]/g)].map((m) => Number(m[1])))),
      ].sort((a, b) => a - b);
    for (const script of LOADED_SCRIPTS) {
      const lines = own(script.file).split('\n');
      const firstCode = lines.findIndex((line) => !line.startsWith('--'));
      const header = lines.slice(0, firstCode);
      const code = lines.slice(firstCode).filter((line) => !line.trimStart().startsWith('--'));
      const expected = Array.from({ length: script.numberOfKeys }, (_, n) => n + 1);
      expect(keysIn(header), script.file).toEqual(expected);
      expect(
        keysIn(code).every((n) => n <= script.numberOfKeys),
        script.file,
      ).toBe(true);
      expect(header.join('\n'), script.file).toMatch(/ARGV\[1\]/);
      expect(header.join('\n'), script.file).toMatch(/^-- Returns /m);
    }
    // The prelude uses no keys of its own: its functions are handed them.
    expect(keysIn(PRELUDE.split('\n').filter((line) => !line.startsWith('--')))).toEqual([]);
  });
});
