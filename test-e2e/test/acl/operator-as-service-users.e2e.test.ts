// replay-service and the CLI under their own ACL users, over the live pipeline (each service
// its own user too): a replay, a dead letter requeued, a group rewound and the rewind undone
// through the API; the monitor's live feed; the CLI as `operator` replaying and as `readonly`
// reading the audit log, groups and dead letters — and refused a replay and a requeue. Every
// command replay-service and the CLI sent is allowed to its user (ACL DRYRUN), and the only
// refusals Redis logged are the read-only user's.
import { spawnSync } from 'node:child_process';
import { partitionKeys } from '@tickflow/events';
import { waitFor } from '@tickflow/testkit';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { operatorClient, READ_TOKEN, type RunView } from '../support/operator-client.ts';
import {
  mdEntries,
  NAMESPACE,
  type OperatorPipeline,
  PARTITIONS,
  startOperatorPipeline,
} from '../support/operator-pipeline.ts';
import { root } from '../support/processes.ts';
import { HARNESS_USER, prepareAclServer, serviceOfName } from './support/acl-server.ts';
import { type CommandRecorder, recordCommands } from './support/command-recorder.ts';

describe('replay-service and the CLI as their own Redis users', () => {
  const acl = prepareAclServer();
  let pipeline: OperatorPipeline | undefined;
  afterAll(async () => {
    await pipeline?.stop();
    acl.cleanUp();
  });

  // When each CLI run was (it runs as one user at a time): whose its connections are.
  const cliRuns: { user: string; fromMs: number; toMs: number }[] = [];
  const cliUserAt = (name: string, atMs: number) =>
    name.startsWith('tickflow-cli')
      ? cliRuns.find((r) => r.fromMs <= atMs && atMs <= r.toMs)?.user
      : undefined;

  /** The CLI logged in as `user` (password in the URL, as an operator's shell has it). */
  const tickflow = (user: string, ...args: string[]) => {
    const run = { user, fromMs: Date.now(), toMs: Number.POSITIVE_INFINITY };
    cliRuns.push(run);
    const { host, port } = acl.server;
    const url = `redis://${user}:${acl.passwordOf(user)}@${host}:${port}`;
    const cli = [
      'tools/tickflow/src/main.ts',
      '--redis-url',
      url,
      '-n',
      NAMESPACE,
      '--partitions',
      String(PARTITIONS),
    ];
    const result = spawnSync(process.execPath, [...cli, ...args], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
      env: { PATH: process.env.PATH ?? '' },
    });
    run.toMs = Date.now();
    return result;
  };

  it('replays, requeues, rewinds and reads with only their users’ rights', async () => {
    let recorder: CommandRecorder | undefined;
    pipeline = await startOperatorPipeline({
      redis: {
        async start() {
          const server = await acl.start();
          recorder = await recordCommands(
            server.url,
            HARNESS_USER,
            (name, atMs) => serviceOfName(name) ?? cliUserAt(name, atMs),
          );
          return server;
        },
        envOf: (name) => acl.envAs(name),
      },
    });
    const { redis } = pipeline;
    const ops = operatorClient(pipeline.replayApi);

    const run = await ops.ok<RunView>('POST', '/replays', {
      types: 'md',
      speed: 'max',
      target: 'ops-replay',
    });
    await ops.waitForRun(run.id, (r) => r.state === 'completed', 'the replay completed');
    expect(await mdEntries(redis, 'ops-replay')).toEqual(await mdEntries(redis, NAMESPACE));
    await waitFor(() => pipeline?.drained(), { timeoutMs: 60_000, intervalMs: 250, description: 'drained' });

    // A poison entry, dead-lettered by signal-engine, requeued by the operator.
    const stream = partitionKeys(NAMESPACE, 'market_data', 0).stream;
    await redis.xadd(stream, '*', 'not', 'an event');
    const letters = await waitFor(
      async () => {
        const page = await ops.ok<{ entries: { ref: string }[] }>('GET', '/dlq');
        return page.entries.length === 1 ? page.entries : undefined;
      },
      { timeoutMs: 20_000, description: 'the poison entry dead-lettered' },
    );
    const requeued = await ops.ok<{ requeued: number }>('POST', '/dlq/requeue', {
      refs: letters.map((letter) => letter.ref),
      dryRun: false,
    });
    expect(requeued.requeued).toBe(1);

    // fill-recorder's group rewound to the start once it is stopped, then undone.
    expect(await pipeline.services.get('fill-recorder')?.stop()).toBe(0);
    const group = '/groups/fill-recorder/rewind';
    const plan = await operatorClient(pipeline.replayApi, READ_TOKEN).ok('POST', `${group}/plan`, {
      to: 'start',
    });
    await ops.ok('POST', group, { plan });
    await ops.ok('POST', `${group}/undo`, {});
    const audit = await ops.ok<{ entries: { action: string; outcome: string }[] }>(
      'GET',
      '/audit?order=oldest',
    );
    expect(audit.entries.map((e) => `${e.action} ${e.outcome}`)).toEqual([
      'replay.start ok',
      'dlq.requeue ok',
      'group.rewind ok',
      'group.undo ok',
    ]);

    // The monitor's live feed: its first snapshot.
    const live = await fetch(`${pipeline.replayApi}/live`, {
      headers: { authorization: `Bearer ${READ_TOKEN}` },
    });
    const reader = live.body?.getReader();
    let feed = '';
    while (!feed.includes('\ndata:') && !feed.startsWith('data:')) {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) break;
      feed += new TextDecoder().decode(chunk.value);
    }
    await reader?.cancel();
    expect(live.status).toBe(200);
    expect(feed).toMatch(/data:/);

    // The CLI: the operator replays; the read-only user reads, and is refused writes.
    const cliReplay = tickflow('operator', 'replay', '--types', 'md', '--target', 'cli-replay');
    expect(cliReplay.status, cliReplay.stderr).toBe(0);
    for (const args of [['audit'], ['groups'], ['dlq', 'list'], ['events', '--types', 'fill']]) {
      const read = tickflow('readonly', ...args);
      expect(read.status, `${args.join(' ')}: ${read.stderr}`).toBe(0);
    }
    const refusedReplay = tickflow('readonly', 'replay', '--types', 'md', '--target', 'ro-replay');
    expect(refusedReplay.status).not.toBe(0);
    expect(`${refusedReplay.stdout}${refusedReplay.stderr}`).toMatch(/NOPERM|no permissions/);
    for (const output of [cliReplay, refusedReplay])
      for (const secret of acl.secrets)
        expect(`${output.stdout}${output.stderr}`.includes(secret)).toBe(false);

    // Every command sent, asked again of its user; the only refusals logged are readonly's.
    for (const service of pipeline.services.values()) await service.stop();
    const recorded = await recorder?.stop();
    expect(recorded?.unattributed).toEqual([]);
    expect([...(recorded?.byUser.keys() ?? [])]).toEqual(
      expect.arrayContaining(['replay-service', 'operator', 'readonly']),
    );
    const admin = new Redis(acl.server.url);
    try {
      const refused: string[] = [];
      for (const [user, commands] of recorded?.byUser ?? [])
        for (const args of commands) {
          const answer = await admin
            .call('ACL', 'DRYRUN', user, ...args)
            .catch((error: Error) => error.message);
          if (answer !== 'OK' && user !== 'readonly')
            refused.push(`${user}: ${args.join(' ').slice(0, 200)} → ${String(answer)}`);
        }
      expect(refused).toEqual([]);
      const denials = (await admin.call('ACL', 'LOG')) as unknown[][];
      const usernames = denials.map((entry) => entry[entry.indexOf('username') + 1]);
      expect(usernames.length).toBeGreaterThan(0);
      expect(new Set(usernames)).toEqual(new Set(['readonly']));
    } finally {
      admin.disconnect();
    }
    for (const service of pipeline.services.values())
      for (const secret of acl.secrets) expect(service.output().includes(secret)).toBe(false);
  }, 240_000);
});
