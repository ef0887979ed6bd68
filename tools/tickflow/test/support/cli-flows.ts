// The CLI's main commands run against one REDIS_URL — history queried and looked up, a replay
// and the digests of source and target, dead letters listed and requeued, consumer groups
// shown, a rewind and its undo, the audit log — summed up in what must not depend on where
// the data lives. Entry ids and append times (each server's clock) and run ids are masked;
// the rest must be equal on one Redis and on a Redis Cluster.
import { partitionKeys } from '@tickflow/events';
import type { RedisClient } from '@tickflow/streams';
import { type CliResult, parsed, tickflow } from './cli-run.ts';
import { startConsumer, waitCaughtUp } from './consumer-group.ts';
import { addDeadLetter } from './dead-letters.ts';
import { partitionOfSymbol, quote, seedHistory } from './history.ts';

export const CLI_FLOW_SCOPE = { namespace: 'cli-ops', partitions: 8 };
const GROUP = 'cli-ops-g';

export async function cliFlows(url: string, redis: RedisClient): Promise<Record<string, unknown>> {
  const { namespace, partitions } = CLI_FLOW_SCOPE;
  const env = {
    REDIS_URL: url,
    TICKFLOW_NAMESPACE: namespace,
    TICKFLOW_PARTITIONS: String(partitions),
    USER: 'tester',
  };
  const run = async (...argv: string[]) => {
    const result: CliResult = await tickflow([...argv, '--json'], { env });
    if (result.code !== 0)
      throw new Error(`tickflow ${argv.join(' ')}: exit ${result.code}: ${result.stderr}`);
    return parsed(result);
  };

  const seeded = await seedHistory(redis, CLI_FLOW_SCOPE, 10);
  const fill = seeded.events.find((event) => event.type === 'fill');
  const keys = partitionKeys(namespace, 'market_data', partitionOfSymbol('AAA', partitions));
  for (const seq of [1, 2])
    await addDeadLetter(redis, keys, { kind: 'permanent', reason: 'venue', event: quote('AAA', seq) });

  const events = await run('events', '--limit', '1000');
  const chain = await run('event', fill?.id as string, '--chain');
  const replay = await run('replay', '--target', `${namespace}-t`);
  const digests = [
    await run('digest', namespace, '--types', 'market_data,signal,order,fill'),
    await run('digest', `${namespace}-t`, '--types', 'market_data,signal,order,fill'),
  ];
  const listed = await run('dlq', 'list');
  const requeued = await run('dlq', 'requeue', '--kinds', 'permanent', '--yes');

  const consumer = await startConsumer(url, CLI_FLOW_SCOPE, GROUP, 'cli-ops-a');
  let groups: unknown;
  try {
    await waitCaughtUp(redis, CLI_FLOW_SCOPE, GROUP);
    groups = await run('groups', '--group', GROUP, '--types', 'md');
  } finally {
    await consumer.stop();
  }
  const rewound = await run('group', 'rewind', GROUP, '--to', 'start', '--types', 'md', '--yes');
  const undone = await run('group', 'undo', GROUP, '--yes');
  const audit = await run('audit', '--order', 'oldest');

  return masked({
    events: ((events as { events: { id: string }[] }).events ?? []).map((event) => event.id).sort(),
    chain,
    replay: { ...(replay as object), id: '<run>' },
    digests,
    dlq: { listed, requeued },
    groups,
    rewind: { rewound, undone },
    audit,
  }) as Record<string, unknown>;
}

const CLOCK_KEYS = new Set([
  'appendMs',
  'at',
  'createdAt',
  'elapsedMs',
  'idleMs',
  'inactiveMs',
  'lastHeartbeatMs',
  'sinceHeartbeatMs',
  'ttlMs',
  'durationMs',
  'startedAt',
  'endedAt',
  'lastSeenMsAgo',
  'ratePerSec',
  'ageMs',
]);

/** `value` with entry ids, refs and times of a server's clock masked ('0-0' kept). */
function masked(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/\b[1-9]\d{9,}-\d+\b/g, '<id>');
  if (Array.isArray(value)) return value.map(masked);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, CLOCK_KEYS.has(key) ? '<clock>' : masked(inner)]),
    );
  return value;
}
