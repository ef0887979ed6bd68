// A replay's other endings: Ctrl-C interrupts it (exit 130, the --resume hint) and --resume
// finishes it as if it had never stopped; a run that fails exits 1 and resumes once the
// cause is gone; step mode takes Enter / a number / q from a terminal, and is refused without one.
import { operatorKeys, partitionKeys } from '@tickflow/events';
import { waitFor } from '@tickflow/testkit';
import { describe, expect, it } from 'vitest';
import { interrupts, parsed, terminal, tickflow } from './support/cli-run.ts';
import { seedHistory } from './support/history.ts';
import { redisForThisFile } from './support/redis-file.ts';

const file = redisForThisFile();
const PARTITIONS = 2;

const digestOf = async (env: Record<string, string>, namespace: string) => {
  const result = await tickflow(['digest', namespace, '--types', 'market_data', '--json'], { env });
  expect(result.code, result.stderr).toBe(0);
  return parsed<{ digest: string; counts: { market_data: number } }>(result).digest;
};

const targetLength = async (target: string) => {
  let total = 0;
  for (let p = 0; p < PARTITIONS; p++)
    total += await file.redis.xlen(partitionKeys(target, 'market_data', p).stream);
  return total;
};

describe('tickflow replay, interrupted, failed, stepped', () => {
  it('Ctrl-C interrupts with exit 130 and a hint; --resume completes it to the same digest', async () => {
    const namespace = 'rc-int';
    const env = file.env(namespace, PARTITIONS);
    // 30 rounds of 4 quotes, 1 s of event time apart, at ×20: about 1.5 s in all.
    await seedHistory(file.redis, { namespace, partitions: PARTITIONS }, 30, {
      spacingMs: 1_000,
      chains: false,
    });
    const ctrlC = interrupts();
    const running = tickflow(['replay', '--speed', '20x', '--target', 'rc-int-t'], {
      env,
      interrupts: ctrlC,
    });
    await waitFor(async () => ctrlC.subscribed && (await targetLength('rc-int-t')) > 0, {
      description: 'the replay under way',
    });
    ctrlC.press();
    const stopped = await running;
    expect(stopped.code).toBe(130);
    const id = /^replay ([a-z0-9]+):/.exec(stopped.stdout)?.[1] as string;
    expect(stopped.stdout).toMatch(new RegExp(`replay ${id} interrupted after \\d+ events`));
    expect(stopped.stderr).toContain(
      `continue with: tickflow -n ${namespace} --partitions 2 replay --resume ${id}`,
    );
    const written = await targetLength('rc-int-t');
    expect(written).toBeLessThan(120);

    const resumed = await tickflow(['replay', '--resume', id, '--json'], { env });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(parsed(resumed)).toMatchObject({
      id,
      state: 'completed',
      replayed: 120 - written,
      present: written,
    });
    expect(await targetLength('rc-int-t')).toBe(120);

    expect((await tickflow(['replay', '--target', 'rc-int-straight'], { env })).code).toBe(0);
    expect(await digestOf(env, 'rc-int-t')).toBe(await digestOf(env, 'rc-int-straight'));

    const done = await tickflow(['replay', '--resume', id], { env });
    expect(done.code).toBe(1);
    expect(done.stderr).toContain('only an interrupted, failed or orphaned run resumes');
    const mixed = await tickflow(['replay', '--resume', id, '--symbols', 'AAA'], { env });
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('--symbols cannot be used with --resume');
  });

  it('exits 1 when the run fails, and resumes once the cause is gone', async () => {
    const namespace = 'rc-fail';
    const env = file.env(namespace, PARTITIONS);
    // 30 rounds of 4 quotes, 1 s of event time apart, at ×20: about 1.5 s in all.
    await seedHistory(file.redis, { namespace, partitions: PARTITIONS }, 30, {
      spacingMs: 1_000,
      chains: false,
    });
    const running = tickflow(['replay', '--speed', '20x', '--target', 'rc-fail-t'], { env });
    await waitFor(async () => (await targetLength('rc-fail-t')) > 0, { description: 'the replay under way' });
    // Someone turns a target stream into a string: the next write to it fails (WRONGTYPE).
    const stream = partitionKeys('rc-fail-t', 'market_data', 0).stream;
    await file.redis.multi().del(stream).set(stream, 'in the way').exec();
    const failed = await running;
    expect(failed.code).toBe(1);
    const id = /^replay ([a-z0-9]+):/.exec(failed.stdout)?.[1] as string;
    expect(failed.stdout).toContain(`replay ${id} failed after`);
    expect(failed.stderr).toContain(`tickflow: replay ${id} failed: `);
    expect(failed.stderr).toContain(`replay --resume ${id}`);

    await file.redis.del(stream);
    const resumed = await tickflow(['replay', '--resume', id], { env });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(await targetLength('rc-fail-t')).toBe(120);
    expect(await digestOf(env, 'rc-fail-t')).toBe(await digestOf(env, namespace));
  });

  it('steps from the terminal: Enter one, a number that many, q cancels (exit 1); audited', async () => {
    const namespace = 'rc-step';
    const env = file.env(namespace, PARTITIONS);
    await seedHistory(file.redis, { namespace, partitions: PARTITIONS }, 10, { chains: false });
    const keys = terminal();
    keys.type('', '3', 'q');
    const result = await tickflow(['replay', '--speed', 'step', '--target', 'rc-step-t', '--json'], {
      env,
      terminal: keys,
    });
    expect(result.code).toBe(1);
    expect(parsed(result)).toMatchObject({ state: 'cancelled', replayed: 4 });
    expect(await targetLength('rc-step-t')).toBe(4);
    expect(result.stderr).toContain('step mode: Enter replays one event');

    const audit = await tickflow(['audit', '--json', '--order', 'oldest'], { env });
    const actions = parsed<{ entries: { action: string; params: unknown }[] }>(audit).entries.map(
      (e) => e.action,
    );
    expect(actions).toEqual(['replay.start', 'replay.step', 'replay.step', 'replay.cancel']);
  });

  it('Ctrl-C at the step prompt interrupts the run (exit 130, resumable), as a SIGINT does', async () => {
    const namespace = 'rc-step-int';
    const env = file.env(namespace, PARTITIONS);
    await seedHistory(file.redis, { namespace, partitions: PARTITIONS }, 4, { chains: false });
    const keys = terminal();
    keys.stdin.write('\x03');
    const result = await tickflow(['replay', '--speed', 'step', '--target', 'rc-step-int-t'], {
      env,
      terminal: keys,
      ttyStderr: true,
    });
    expect(result.code).toBe(130);
    const id = /^replay ([a-z0-9]+):/.exec(result.stdout)?.[1] as string;
    expect(result.stdout).toContain(`replay ${id} interrupted after 0 events`);
    expect(result.stderr).toContain(`replay --resume ${id}`);
  });

  it('refuses step mode when stdin is not a terminal (exit 2), before anything is written', async () => {
    const namespace = 'rc-nostep';
    const env = file.env(namespace, PARTITIONS);
    await seedHistory(file.redis, { namespace, partitions: PARTITIONS }, 2, { chains: false });
    const result = await tickflow(['replay', '--speed', 'step', '--target', 'rc-nostep-t'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^tickflow: --speed: step mode takes its steps from a terminal/);
    expect(await file.redis.exists(operatorKeys(namespace).replayRuns)).toBe(0);
  });
});
