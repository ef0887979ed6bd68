// `tickflow dlq list` and `dlq requeue`: listing with counts, a dry run before every requeue,
// the y/N rule (refused without a terminal unless --yes, asked on one), requeue by ref, and
// every requeue in the audit log.
import { partitionKeys } from '@tickflow/events';
import { describe, expect, it } from 'vitest';
import { parsed, terminal, tickflow } from './support/cli-run.ts';
import { addDeadLetter } from './support/dead-letters.ts';
import { partitionOfSymbol, quote } from './support/history.ts';
import { redisForThisFile } from './support/redis-file.ts';

const file = redisForThisFile();
const PARTITIONS = 2;

/** Three permanent and one failed dead letter on the market-data partition of AAA, one trimmed. */
async function seedLetters(namespace: string) {
  const keys = partitionKeys(namespace, 'market_data', partitionOfSymbol('AAA', PARTITIONS));
  const refsOf = (ids: string[]) => ids.map((id) => `md:${partitionOfSymbol('AAA', PARTITIONS)}:${id}`);
  const permanent = [];
  for (const seq of [1, 2, 3]) {
    permanent.push(
      await addDeadLetter(file.redis, keys, {
        kind: 'permanent',
        reason: 'venue not supported',
        event: quote('AAA', seq),
      }),
    );
  }
  const failed = await addDeadLetter(file.redis, keys, {
    kind: 'failed',
    reason: 'timeout',
    event: quote('AAA', 4),
  });
  const trimmed = await addDeadLetter(file.redis, keys, { kind: 'trimmed', reason: 'trimmed while pending' });
  return {
    keys,
    permanent: refsOf(permanent),
    failed: refsOf([failed])[0] as string,
    trimmed: refsOf([trimmed])[0] as string,
  };
}

describe('tickflow dlq', () => {
  it('lists dead letters with counts, by page', async () => {
    const namespace = 'dlq-list';
    const env = file.env(namespace, PARTITIONS);
    const letters = await seedLetters(namespace);
    const page = await tickflow(['dlq', 'list', '--limit', '3', '--json'], { env });
    expect(page.code, page.stderr).toBe(0);
    const json = parsed<{ entries: { ref: string; kind: string }[]; nextCursor: string; counts: unknown[] }>(
      page,
    );
    expect(json.entries.map((e) => e.ref)).toEqual(letters.permanent);
    expect(json.counts).toEqual([
      expect.objectContaining({ total: 5, requeued: 0, byKind: { permanent: 3, failed: 1, trimmed: 1 } }),
    ]);
    const next = await tickflow(['dlq', 'list', '--cursor', json.nextCursor, '--kinds', 'failed'], { env });
    expect(next.code).toBe(0);
    expect(next.stdout).toMatch(
      new RegExp(`^REF +KIND +AT +DELIVERIES +GROUP +REQUEUED AS +REASON\\n${letters.failed} +failed `, 'm'),
    );
    expect(next.stdout).not.toContain('next page');
    const first = await tickflow(['dlq', 'list', '--limit', '3'], { env });
    expect(first.stdout).toMatch(
      /^STREAM +TOTAL +REQUEUED +BY KIND\n\S+ +5 +0 +permanent 3, failed 1, trimmed 1$/m,
    );
    expect(first.stdout).toContain(`next page: --cursor ${json.nextCursor}`);
  });

  it('requeue: dry run first; refused without a terminal unless --yes; --dry-run changes nothing', async () => {
    const namespace = 'dlq-requeue';
    const env = file.env(namespace, PARTITIONS);
    const letters = await seedLetters(namespace);
    const length = () => file.redis.xlen(letters.keys.stream);

    const refused = await tickflow(['dlq', 'requeue', '--kinds', 'permanent'], { env });
    expect(refused.code).toBe(2);
    expect(refused.stdout).toMatch(/^dry run: would requeue 3 dead letters \(matched 3, already requeued 0/);
    expect(refused.stderr).toMatch(
      /^tickflow: --yes: stdin is not a terminal, so nobody can confirm: add --yes/,
    );
    expect(await length()).toBe(0);

    const dry = await tickflow(['dlq', 'requeue', '--kinds', 'permanent', '--dry-run', '--json'], { env });
    expect(dry.code).toBe(0);
    expect(parsed(dry)).toMatchObject({ dryRun: { dryRun: true, requeued: 3 } });
    expect(await length()).toBe(0);

    const applied = await tickflow(['dlq', 'requeue', '--kinds', 'permanent', '--yes', '--json'], { env });
    expect(applied.code, applied.stderr).toBe(0);
    expect(parsed(applied)).toMatchObject({
      dryRun: { requeued: 3 },
      applied: { dryRun: false, requeued: 3 },
    });
    expect(await length()).toBe(3);

    const again = await tickflow(['dlq', 'requeue', '--kinds', 'permanent'], { env });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^dry run: would requeue 0 dead letters \(matched 3, already requeued 3/);

    const trimmed = await tickflow(['dlq', 'requeue', letters.trimmed, '--yes'], { env });
    expect(trimmed.code).toBe(0);
    expect(trimmed.stdout).toContain(`not requeueable: ${letters.trimmed}: its entry was trimmed`);

    const audit = await tickflow(['audit', '--action', 'dlq.requeue', '--json'], { env });
    const outcomes = parsed<{ entries: { outcome: string; by: string }[] }>(audit).entries.map(
      (e) => e.outcome,
    );
    expect(outcomes).toEqual(['dry-run', 'dry-run', 'ok', 'dry-run', 'dry-run', 'dry-run']);
    const table = await tickflow(['audit', '--limit', '2'], { env });
    expect(table.stdout).toMatch(
      /^AT +BY +ACTION +OUTCOME +PARAMS +DETAIL\n\S+ +cli:tester +dlq\.requeue +dry-run +\{"refs":\["md:/,
    );
    expect(table.stdout).toMatch(/\nnext page: --cursor \d+-\d+\n$/);
  });

  it('asks y/N on a terminal: no changes nothing (exit 1), Ctrl-C neither (130), y requeues the refs named', async () => {
    const namespace = 'dlq-ask';
    const env = file.env(namespace, PARTITIONS);
    const letters = await seedLetters(namespace);
    const declined = terminal();
    declined.type('n');
    const no = await tickflow(['dlq', 'requeue', letters.failed], { env, terminal: declined });
    expect(no.code).toBe(1);
    expect(no.stderr).toContain('requeue 1 dead letters? [y/N] ');
    expect(await file.redis.xlen(letters.keys.stream)).toBe(0);

    const ctrlC = terminal();
    ctrlC.stdin.write('\x03');
    const interrupted = await tickflow(['dlq', 'requeue', letters.failed], {
      env,
      terminal: ctrlC,
      ttyStderr: true,
    });
    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toContain('nothing changed');
    expect(await file.redis.xlen(letters.keys.stream)).toBe(0);

    const agreed = terminal();
    agreed.type('y');
    const yes = await tickflow(['dlq', 'requeue', letters.failed], { env, terminal: agreed });
    expect(yes.code, yes.stderr).toBe(0);
    expect(yes.stdout).toMatch(
      new RegExp(`requeued 1 dead letters .*\\n  ${letters.failed} → \\S+ \\d+-\\d+`),
    );
    expect(await file.redis.xlen(letters.keys.stream)).toBe(1);
  });

  it('says what is wrong with the flags (exit 2)', async () => {
    const env = file.env('dlq-bad', PARTITIONS);
    const kinds = await tickflow(['dlq', 'list', '--kinds', 'lost'], { env });
    expect(kinds.code).toBe(2);
    expect(kinds.stderr).toMatch(/^tickflow: --kinds: unknown kind "lost"/);
    const both = await tickflow(['dlq', 'requeue', 'md:0:1-0', '--kinds', 'failed'], { env });
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(
      /^tickflow: <ref\.\.\.>: give dead-letter refs or match parameters, not both/,
    );
    const limit = await tickflow(['dlq', 'list', '--limit', 'ten'], { env });
    expect(limit.code).toBe(2);
    expect(limit.stderr).toContain("option '--limit <n>' argument 'ten' is invalid");
  });
});
