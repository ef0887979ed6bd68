// The whole pipeline with each service logged in as its own ACL user (infra/redis/users.acl,
// passwords from files as Kubernetes mounts them): the same counts, digest and ledger as the
// same run on an open Redis; no command refused (ACL LOG empty); every command each service
// sent, recorded by MONITOR, allowed to that user by ACL DRYRUN; and no password or API
// token (all read from *_FILE variables) anywhere in any service's output.
import type { AnyEvent } from '@tickflow/events';
import type { ServiceProcess } from '@tickflow/testkit';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { digestOf } from '../support/digest.ts';
import { type RunResult, runPipeline, type ServiceName } from '../support/pipeline-run.ts';
import { HARNESS_USER, prepareAclServer, serviceOfName } from './support/acl-server.ts';
import { type CommandRecorder, type RecordedCommands, recordCommands } from './support/command-recorder.ts';

const ordersAndFills = (run: RunResult): AnyEvent[] => [
  ...(run.events.get('order') ?? []),
  ...(run.events.get('fill') ?? []),
];
const countOf = (run: RunResult) =>
  Object.fromEntries([...run.events].map(([type, events]) => [type, events.length]));

describe('the pipeline with one Redis user per service', () => {
  const acl = prepareAclServer();
  afterAll(() => acl.cleanUp());

  it('ends as on an open Redis; every command it sent is its user’s; no secret in any output', async () => {
    const open = await runPipeline();

    // fill-recorder's API stays open: the harness reads its ledger without a token.
    const tokens = (name: ServiceName) =>
      name === 'fill-recorder'
        ? {}
        : {
            API_READ_TOKEN_FILE: acl.tokenFile(`${name}-read`),
            API_OPERATOR_TOKEN_FILE: acl.tokenFile(`${name}-operator`),
          };
    const processes: ServiceProcess[] = [];
    let recorder: CommandRecorder | undefined;
    let recorded: RecordedCommands | undefined;
    let denials: unknown[] = [];
    const refused: string[] = [];
    let dryRuns = 0;
    const locked = await runPipeline({
      redis: {
        async start() {
          const server = await acl.start();
          recorder = await recordCommands(server.url, HARNESS_USER, serviceOfName);
          return server;
        },
        envOf: (name) => ({ ...acl.envAs(name), ...tokens(name), LOG_LEVEL: 'debug' }),
      },
      onServiceStarted: (_name, process) => {
        processes.push(process);
      },
      beforeRedisStop: async () => {
        recorded = await recorder?.stop();
        const admin = new Redis(acl.server.url);
        try {
          denials = (await admin.call('ACL', 'LOG')) as unknown[];
          for (const [user, commands] of recorded?.byUser ?? [])
            for (const args of commands) {
              dryRuns += 1;
              const answer = await admin
                .call('ACL', 'DRYRUN', user, ...args)
                .catch((error: Error) => error.message);
              if (answer !== 'OK')
                refused.push(`${user}: ${args.join(' ').slice(0, 200)} → ${String(answer)}`);
            }
        } finally {
          admin.disconnect();
        }
      },
    });

    expect(locked.errors).toEqual([]);
    expect(denials).toEqual([]);
    expect(countOf(locked)).toEqual(countOf(open));
    expect(countOf(locked)).toEqual({ market_data: 9_999, signal: 581, order: 2_054, fill: 580 });
    expect(digestOf(ordersAndFills(locked))).toBe(digestOf(ordersAndFills(open)));
    expect(locked.pnl).toEqual(open.pnl);
    expect(locked.positions).toEqual(open.positions);
    expect(locked.rebuildIdentical).toBe(true);

    // Every command each service sent (up to its stop), asked again of its user with ACL DRYRUN.
    expect(recorded?.unattributed).toEqual([]);
    expect([...(recorded?.byUser.keys() ?? [])].sort()).toEqual([
      'fill-recorder',
      'market-data-ingest',
      'order-router',
      'signal-engine',
    ]);
    expect(refused).toEqual([]);
    expect(dryRuns).toBeGreaterThan(100);

    // No secret in any output: logs (at debug), errors, stderr.
    expect(processes.length).toBe(4);
    for (const process of processes)
      for (const secret of acl.secrets)
        expect(process.output().includes(secret), 'a secret in a service’s output').toBe(false);
  }, 300_000);
});
