// `tickflow replay` end to end in-process: the run id and target first, progress lines when
// stderr is not a terminal, the summary; the same replay done twice digests the same (and as
// its source), `diff` says identical (exit 0) or names the difference (exit 1).
import { partitionKeys } from '@tickflow/events';
import { describe, expect, it } from 'vitest';
import { type CliResult, parsed, tickflow } from './support/cli-run.ts';
import { seedHistory } from './support/history.ts';
import { redisForThisFile } from './support/redis-file.ts';

const file = redisForThisFile();
const PARTITIONS = 4;

interface RunJson {
  id: string;
  target: string;
  state: string;
  total: number;
  replayed: number;
  present: number;
  by: string;
}

interface DigestJson {
  digest: string;
  counts: Record<string, number>;
}

describe('tickflow replay', () => {
  it('replays into a target, twice alike: equal digests, equal to the source, diff identical', async () => {
    const namespace = 'rp-src';
    const env = file.env(namespace, PARTITIONS);
    const seeded = await seedHistory(file.redis, { namespace, partitions: PARTITIONS }, 20);
    const total = seeded.events.length;

    const first = await tickflow(['replay', '--target', 'rp-a', '--json'], { env });
    expect(first.code, first.stderr).toBe(0);
    const run = parsed<RunJson>(first);
    expect(run).toMatchObject({
      target: 'rp-a',
      state: 'completed',
      total,
      replayed: total,
      by: 'cli:tester',
    });
    // With --json the run id goes to stderr, stdout is the one document.
    expect(first.stderr).toContain(`replay ${run.id}: ${namespace} → rp-a`);

    const second = await tickflow(['replay', '--target', 'rp-b'], { env });
    expect(second.code, second.stderr).toBe(0);
    const lines = second.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      new RegExp(`^replay [a-z0-9]+: ${namespace} → rp-b  \\(${total} entries in range, speed max\\)$`),
    );
    expect(lines.at(-1)).toMatch(new RegExp(`^replayed ${total} events in \\d+\\.\\d s into rp-b$`));
    expect(second.stderr).toMatch(
      new RegExp(`^replay  ${total}/${total} entries  \\[#{20}\\]  100\\.0%`, 'm'),
    );

    const allTypes = ['--types', 'market_data,signal,order,fill'];
    const digestOf = async (ns: string) => {
      const result = await tickflow(['digest', ns, ...allTypes, '--json'], { env });
      expect(result.code, result.stderr).toBe(0);
      return parsed<DigestJson>(result);
    };
    const [a, b, source] = [await digestOf('rp-a'), await digestOf('rp-b'), await digestOf(namespace)];
    expect(a).toMatchObject({ digest: b.digest, counts: seeded.count });
    expect(a.digest).toBe(source.digest);
    const text = await tickflow(['digest', 'rp-b', ...allTypes], { env });
    expect(text.stdout).toBe(
      `rp-b  ${b.digest}  (${seeded.count.market_data} market_data, 16 signal, 16 order, 32 fill)\n`,
    );

    const same = await tickflow(['diff', 'rp-a', 'rp-b'], { env });
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/^identical: rp-a and rp-b/);
  });

  it('exits 1 from diff when two runs differ, naming the first divergent event', async () => {
    const namespace = 'rp-diff';
    const env = file.env(namespace, PARTITIONS);
    await seedHistory(file.redis, { namespace, partitions: PARTITIONS }, 10);
    expect((await tickflow(['replay', '--target', 'rd-all'], { env })).code).toBe(0);
    const some = await tickflow(['replay', '--target', 'rd-some', '--symbols', 'AAA,BBB'], { env });
    expect(some.code, some.stderr).toBe(0);

    const diff = await tickflow(['diff', 'rd-all', 'rd-some', '--json'], { env });
    expect(diff.code).toBe(1);
    expect(parsed(diff)).toMatchObject({ identical: false });
    const text = await tickflow(['diff', 'rd-all', 'rd-some'], { env });
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(
      /^rd-all and rd-some differ:\n {2}signal: first divergent at #\d+ \(8 vs 4\)/,
    );
  });

  it('prints a progress line every --progress-every when stderr is not a terminal', async () => {
    const namespace = 'rp-slow';
    const env = file.env(namespace, 2);
    // 12 rounds 100 ms of event time apart, at ×2: about 0.55 s of pacing.
    await seedHistory(file.redis, { namespace, partitions: 2 }, 12, { spacingMs: 100, chains: false });
    const result: CliResult = await tickflow(
      ['replay', '--speed', '2x', '--target', 'rp-slow-t', '--progress-every', '0.1'],
      { env },
    );
    expect(result.code, result.stderr).toBe(0);
    const progress = result.stderr.split('\n').filter((line) => line.startsWith('replay  '));
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.at(-1)).toMatch(/^replay {2}48\/48 entries/);
    expect(result.stdout).toMatch(/replayed 48 events in \d+\.\d s into rp-slow-t\n$/);
    expect(await file.redis.xlen(partitionKeys('rp-slow-t', 'market_data', 0).stream)).toBeGreaterThan(0);
  });

  it('refuses a target that already holds history (exit 1) and the source itself', async () => {
    const namespace = 'rp-refuse';
    const env = file.env(namespace, 2);
    await seedHistory(file.redis, { namespace, partitions: 2 }, 3, { chains: false });
    expect((await tickflow(['replay', '--target', 'rr-t'], { env })).code).toBe(0);
    const again = await tickflow(['replay', '--target', 'rr-t'], { env });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^tickflow: target: namespace "rr-t" already holds replayed history/);
    const source = await tickflow(['replay', '--target', namespace], { env });
    expect(source.code).toBe(1);
    expect(source.stderr).toContain('can never write to its source namespace');
  });
});
