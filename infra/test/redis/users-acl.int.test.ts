// The users of users.acl on a real `redis-server --aclfile`: each logs in with its password
// (none for the default user); ACL DRYRUN allows each service the commands of its workload
// on its own keys and refuses it another service's writes, reads it has no business doing,
// and every admin command. (The e2e test under test-e2e/test/acl runs the services
// themselves as these users.)

import { connect } from 'node:net';
import { groupKeys, ingestKeys, operatorKeys, partitionKeys } from '@tickflow/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStrategyServices } from '../../redis/acl/strategy-services.ts';
import { type AclRedis, PASSWORD_USERS, startAclRedis } from './support/acl-redis.ts';

const NS = 'live';
const md = partitionKeys(NS, 'market_data', 5);
const sig = partitionKeys(NS, 'signal', 2);
const ord = partitionKeys(NS, 'order', 7);
const fill = partitionKeys(NS, 'fill', 0);
const ops = operatorKeys(NS);
const ingest = ingestKeys(NS);
const killSwitch = `tf:{${NS}}:kill-switch`;
const sha = 'a'.repeat(40);
const STRATEGY_SERVICES = readStrategyServices();

type Command = readonly string[];
const consumerWork = (keys: typeof md, group: string): Command[] => [
  ['XREADGROUP', 'GROUP', group, 'c1', 'COUNT', '10', 'BLOCK', '100', 'STREAMS', keys.stream, '>'],
  ['XACK', keys.stream, group, '1-0'],
  ['XAUTOCLAIM', keys.stream, group, 'c1', '1000', '0-0'],
  ['XGROUP', 'CREATE', keys.stream, group, '0', 'MKSTREAM'],
  ['XINFO', 'GROUPS', keys.stream],
  ['EVALSHA', sha, '4', keys.stream, keys.lease(group), keys.checkpoint(group), keys.remembered(group)],
  ['EVALSHA', sha, '2', keys.lease(group), keys.fence(group)],
  ['EVALSHA', sha, '1', groupKeys(NS, group).members],
  ['SET', keys.lease(group), 'c1|1', 'PX', '1000'],
  ['HSET', keys.checkpoint(group), 'last', '1-0'],
  ['HSET', groupKeys(NS, group).circuits, 'c1/h', '{}'],
  ['XADD', keys.deadLetter, 'MAXLEN', '~', '1000', '*', 'kind', 'failed'],
];
const publishWork = (keys: typeof md): Command[] => [
  ['EVAL', 'return 1', '2', keys.stream, keys.publishedMarkers],
  ['XADD', keys.stream, '*', 'id', 'x'],
  ['HSET', `${keys.publishedMarkers}:60000:1`, 'id', '1-0'],
  ['UNLINK', `${keys.publishedMarkers}:60000:0`],
];
const connection: Command[] = [['HELLO', '3'], ['CLIENT', 'SETNAME', 'x'], ['INFO'], ['PING'], ['TIME']];

/** What each user must be allowed (its workload, as the streams runtime and packages/replay send it). */
const ALLOWED: Record<string, Command[]> = {
  'market-data-ingest': [
    ...connection,
    ...publishWork(md),
    ['XADD', ingest.deadLetter, 'MAXLEN', '~', '10000', '*', 'line', '1'],
    ['GET', ingest.progress('quotes.csv')],
    ['SET', ingest.progress('quotes.csv'), '12'],
  ],
  'signal-engine': [...connection, ...consumerWork(md, 'signal-engine'), ...publishWork(sig)],
  'order-router': [
    ...connection,
    ...consumerWork(sig, 'order-router'),
    ...publishWork(ord),
    ...publishWork(fill),
    ['SET', killSwitch, 'ACTIVE', 'NX'],
  ],
  'fill-recorder': [
    ...connection,
    ...consumerWork(fill, 'fill-recorder'),
    ['XRANGE', ord.stream, '1-0', '1-0'],
    ['HGET', `${sig.publishedMarkers}:60000:1`, 'id'],
  ],
  'replay-service': [
    ...connection,
    ['XRANGE', md.stream, '-', '+'],
    ['XINFO', 'STREAM', fill.stream],
    ['HGETALL', groupKeys(NS, 'order-router').circuits],
    ['XADD', partitionKeys('ops-replay', 'market_data', 1).stream, '*', 'id', 'x'],
    ['EVALSHA', sha, '3', md.stream, md.deadLetter, md.requeued],
    ['EVALSHA', sha, '2', fill.stream, fill.checkpoint('fill-recorder')],
    ['XGROUP', 'SETID', fill.stream, 'fill-recorder', '0'],
    ['HSET', md.requeued, '1-0', '2-0'],
    ['XADD', ops.audit, '*', 'action', 'x'],
    ['HSET', ops.replayRuns, 'r1', '{}'],
    ['SET', ops.rewindUndo('fill-recorder'), '{}'],
  ],
  readonly: [
    ...connection,
    ['XRANGE', ops.audit, '-', '+'],
    ['XINFO', 'GROUPS', sig.stream],
    ['HVALS', ops.replayRuns],
  ],
};
ALLOWED.operator = ALLOWED['replay-service'] ?? [];
// A generated strategy service (strategy-services.json): signal-engine's work in its own group.
for (const name of STRATEGY_SERVICES)
  ALLOWED[name] = [...connection, ...consumerWork(md, name), ...publishWork(sig)];

/** Writes, each with the users whose work it is; every other user must be refused it. */
const WRITES: [Command, string[]][] = [
  [
    ['XADD', md.stream, '*', 'id', 'x'],
    ['market-data-ingest', 'replay-service', 'operator'],
  ],
  [
    ['XADD', sig.stream, '*', 'id', 'x'],
    ['signal-engine', ...STRATEGY_SERVICES, 'replay-service', 'operator'],
  ],
  [
    ['XADD', ord.stream, '*', 'id', 'x'],
    ['order-router', 'replay-service', 'operator'],
  ],
  [
    ['XADD', fill.stream, '*', 'id', 'x'],
    ['order-router', 'replay-service', 'operator'],
  ],
  [['DEL', md.stream], []],
  [['XTRIM', sig.stream, 'MAXLEN', '0'], []],
  [['HSET', `${ord.publishedMarkers}:60000:1`, 'id', '1-0'], ['order-router']],
  [['SET', md.lease('signal-engine'), 'x|1'], ['signal-engine']],
  // Each strategy service's group state is its own, not signal-engine's nor another's.
  ...STRATEGY_SERVICES.map((name): [Command, string[]] => [['SET', md.lease(name), 'x|1'], [name]]),
  [
    ['HSET', sig.checkpoint('order-router'), 'last', '1-0'],
    ['order-router', 'replay-service', 'operator'],
  ],
  [['XACK', fill.stream, 'fill-recorder', '1-0'], ['fill-recorder']],
  [
    ['XGROUP', 'SETID', md.stream, 'signal-engine', '0'],
    ['replay-service', 'operator'],
  ],
  [['SET', killSwitch, 'HALTED'], ['order-router']],
  [['SET', ingest.progress('quotes.csv'), '0'], ['market-data-ingest']],
  [
    ['XADD', ops.audit, '*', 'action', 'x'],
    ['replay-service', 'operator'],
  ],
  [['XADD', sig.deadLetter, '*', 'kind', 'x'], ['order-router']],
  [['SET', 'other:key', 'x'], []],
];

/** Reads a user has no business doing. */
const FOREIGN_READS: [string, Command][] = [
  ['market-data-ingest', ['XRANGE', md.stream, '-', '+']],
  ['market-data-ingest', ['GET', killSwitch]],
  ['signal-engine', ['XRANGE', fill.stream, '-', '+']],
  ['signal-engine', ['GET', sig.lease('order-router')]],
  ['order-router', ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', md.stream, '>']],
  ['order-router', ['XRANGE', ops.audit, '-', '+']],
  ['fill-recorder', ['GET', killSwitch]],
  ['fill-recorder', ['XRANGE', md.deadLetter, '-', '+']],
  ['readonly', ['GET', 'other:key']],
  ['operator', ['GET', 'other:key']],
];

const ADMIN_COMMANDS: Command[] = [
  ['CONFIG', 'GET', 'appendfsync'],
  ['CONFIG', 'SET', 'appendfsync', 'no'],
  ['FLUSHALL'],
  ['FLUSHDB'],
  ['SCRIPT', 'FLUSH'],
  ['ACL', 'LIST'],
  ['ACL', 'SETUSER', 'x', 'on'],
  ['DEBUG', 'SLEEP', '0'],
  ['KEYS', '*'],
  ['SCAN', '0'],
  ['MONITOR'],
  ['SHUTDOWN'],
  ['CLIENT', 'KILL', 'ID', '1'],
  ['SAVE'],
];

/** The one-line replies to inline commands sent on one fresh connection. */
function plainReplies(port: number, commands: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`${commands.join('\r\n')}\r\n`));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
      const lines = text.split('\r\n').slice(0, -1);
      if (lines.length >= commands.length) {
        socket.destroy();
        resolve(lines);
      }
    });
    socket.on('error', reject);
  });
}

describe('the Redis users', () => {
  let redis: AclRedis;
  beforeAll(async () => {
    redis = await startAclRedis();
  });
  afterAll(() => redis?.stop());
  const dryRun = (user: string, command: Command) =>
    redis.admin.call('ACL', 'DRYRUN', user, ...command).catch((error: Error) => error.message);

  it('log in with their passwords; the default user is off; probe may only PING', async () => {
    for (const user of PASSWORD_USERS) expect(await (await redis.as(user)).ping(), user).toBe('PONG');
    // A bare connection: ioredis would send HELLO first, which fails before AUTH.
    expect(
      await plainReplies(redis.server.port, [
        'PING',
        'AUTH default ""',
        'AUTH signal-engine guess',
        'AUTH probe anything',
        'PING',
        'GET tf:{live}:audit',
      ]),
    ).toEqual([
      expect.stringMatching(/^-NOAUTH/),
      expect.stringMatching(/^-WRONGPASS/),
      expect.stringMatching(/^-WRONGPASS/),
      '+OK',
      '+PONG',
      expect.stringMatching(/^-NOPERM/),
    ]);
  });

  it('allow each user its own work', async () => {
    for (const [user, commands] of Object.entries(ALLOWED))
      for (const command of commands)
        expect(await dryRun(user, command), `${user}: ${command.join(' ')}`).toBe('OK');
  });

  it('refuse each user the writes of the others', async () => {
    for (const [command, owners] of WRITES)
      for (const user of PASSWORD_USERS) {
        const expected = owners.includes(user) ? 'OK' : expect.stringMatching(/no permissions/);
        expect(await dryRun(user, command), `${user}: ${command.join(' ')}`).toEqual(expected);
      }
  });

  it('refuse reads a user has no business doing, and every admin command', async () => {
    for (const [user, command] of FOREIGN_READS)
      expect(await dryRun(user, command), `${user}: ${command.join(' ')}`).toMatch(/no permissions/);
    for (const user of [...PASSWORD_USERS, 'probe'])
      for (const command of ADMIN_COMMANDS)
        expect(await dryRun(user, command), `${user}: ${command.join(' ')}`).toMatch(/no permissions/);
  });

  it('check every call inside a script against the caller: keys it may declare give it no other right', async () => {
    const engine = await redis.as('signal-engine');
    // The engine may declare its input stream to a script (ack.lua does), not append to it.
    await expect(
      engine.eval("return redis.call('XADD', KEYS[1], '*', 'forged', '1')", 1, md.stream),
    ).rejects.toThrow(/can't access at least one of the keys|no permissions/);
    await expect(engine.eval("return redis.call('FLUSHALL')", 0)).rejects.toThrow(/can't run this command/);
    expect(await engine.eval("return redis.call('XADD', KEYS[1], '*', 'k', 'v')", 1, md.deadLetter)).toMatch(
      /^\d+-\d+$/,
    );
    expect(await redis.admin.xlen(md.stream)).toBe(0);
  });
});
