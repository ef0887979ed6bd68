// `tickflow group rewind` and `group undo` on a real consumer group: the plan printed, the
// y/N rule (refused without a terminal unless --yes), positions moved and put back exactly,
// refusal while a consumer is live (exit 1, audited), nothing to undo (exit 1).
import { partitionKeys } from '@tickflow/events';
import type { Consumer } from '@tickflow/streams';
import { describe, expect, it } from 'vitest';
import { parsed, tickflow } from './support/cli-run.ts';
import { groupRow, startConsumer, waitCaughtUp } from './support/consumer-group.ts';
import { seedHistory } from './support/history.ts';
import { redisForThisFile } from './support/redis-file.ts';

const file = redisForThisFile();
const PARTITIONS = 2;
const group = 'cli-rewind';

describe('tickflow group rewind / undo', () => {
  it('prints the plan, refuses without --yes off a terminal, applies with it, and undoes exactly', async () => {
    const namespace = 'gr-main';
    const scope = { namespace, partitions: PARTITIONS };
    const env = file.env(namespace, PARTITIONS);
    await seedHistory(file.redis, scope, 10, { chains: false });
    let consumer: Consumer | undefined = await startConsumer(file.server.url, scope, group, 'gr-a');
    try {
      await waitCaughtUp(file.redis, scope, group);
      const stream = (p: number) => partitionKeys(namespace, 'market_data', p).stream;
      const rows = async () => Promise.all([0, 1].map((p) => groupRow(file.redis, stream(p), group)));

      const live = await tickflow(['group', 'rewind', group, '--to', 'start', '--yes'], { env });
      expect(live.code).toBe(1);
      expect(live.stdout).toMatch(/live consumers: gr-a \(seen .* ago\) — applying is refused/);
      expect(live.stderr).toMatch(
        /^tickflow: cannot rewind group cli-rewind while it has live consumers: gr-a/,
      );
      await consumer.stop();
      consumer = undefined;
      const before = await rows();

      const refused = await tickflow(['group', 'rewind', group, '--to', 'start', '--types', 'md'], { env });
      expect(refused.code).toBe(2);
      expect(refused.stdout).toMatch(
        /^rewind of group cli-rewind in gr-main to the start of each stream: 40 entries delivered again\nSTREAM +POSITION +→ NEW +REDELIVER +PENDING +CHECKPOINT\n/,
      );
      expect(refused.stdout).toContain('live consumers: none');
      expect(refused.stderr).toMatch(/^tickflow: --yes: stdin is not a terminal/);
      expect(await rows()).toEqual(before);

      const applied = await tickflow(
        ['group', 'rewind', group, '--to', 'start', '--types', 'md', '--yes', '--json'],
        { env },
      );
      expect(applied.code, applied.stderr).toBe(0);
      const json = parsed<{ plan: { partitions: { redeliver: number }[] }; applied: { by: string } }>(
        applied,
      );
      expect(json.plan.partitions.map((p) => p.redeliver).reduce((a, b) => a + b)).toBe(40);
      expect(json.applied.by).toBe('cli:tester');
      expect((await rows()).map((row) => row?.['last-delivered-id'])).toEqual(['0-0', '0-0']);

      const undoRefused = await tickflow(['group', 'undo', group], { env });
      expect(undoRefused.code).toBe(2);
      expect(undoRefused.stdout).toMatch(/^last rewind of group cli-rewind in gr-main: by cli:tester at /);
      const undone = await tickflow(['group', 'undo', group, '--yes'], { env });
      expect(undone.code, undone.stderr).toBe(0);
      expect(undone.stdout).toMatch(/\nundone\.\n$/);
      expect(await rows()).toEqual(before);

      const twice = await tickflow(['group', 'undo', group, '--yes'], { env });
      expect(twice.code).toBe(1);
      expect(twice.stderr).toContain(
        'nothing to undo: group cli-rewind in gr-main has its last rewind undone already',
      );

      const audit = await tickflow(['audit', '--json', '--order', 'oldest'], { env });
      const entries = parsed<{ entries: { action: string; outcome: string }[] }>(audit).entries;
      expect(entries.map((e) => `${e.action} ${e.outcome}`)).toEqual([
        'group.rewind refused',
        'group.rewind ok',
        'group.undo ok',
      ]);
    } finally {
      await consumer?.stop();
    }
  });

  it('says what is missing or wrong (exit 2) and what does not exist (exit 1)', async () => {
    const env = file.env('gr-bad', PARTITIONS);
    for (const argv of [
      ['group', 'rewind', '--to', 'start'],
      ['group', 'undo'],
    ]) {
      const noGroup = await tickflow(argv, { env });
      expect(noGroup.code).toBe(2);
      expect(noGroup.stderr).toBe("error: missing required argument 'group'\n(add --help for usage)\n");
    }
    const noTo = await tickflow(['group', 'rewind', 'g'], { env });
    expect(noTo.code).toBe(2);
    expect(noTo.stderr).toContain("error: required option '--to <target>' not specified");
    const badTo = await tickflow(['group', 'rewind', 'g', '--to', 'yesterday'], { env });
    expect(badTo.code).toBe(2);
    expect(badTo.stderr).toMatch(/^tickflow: --to: expected an ISO-8601 time/);
    const unknown = await tickflow(['group', 'rewind', 'nobody', '--to', 'start'], { env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^tickflow: consumer group nobody does not exist in gr-bad/);
  });
});
