// What the TLS tests (one Redis, a cluster) do over each connection: publish and consume a run
// of ticks, or fail to connect with a named certificate problem. connectClient() picks the
// single or cluster client by the URL, so both tests share these.
import { waitFor } from '@tickflow/testkit';
import { expect } from 'vitest';
import {
  type ConnectionOptions,
  connectClient,
  createConsumer,
  createPublisher,
  loadRedisTls,
  type RedisClient,
  RedisTlsError,
  type RedisTlsFiles,
  RedisUnavailableError,
} from '../../src/index.ts';
import { seqOf, tick } from './ticks.ts';

/** Connection options over TLS to `url` with `files` (which must load cleanly). */
export function tlsConnection(url: string, files: RedisTlsFiles): ConnectionOptions {
  const { tls, issues } = loadRedisTls(files, true);
  expect(issues).toEqual([]);
  return { url, ...(tls ? { tls } : {}), connectTimeoutMs: 3_000 };
}

/**
 * Publishes `count` ticks over `partitions` partitions and consumes them all, in order; first
 * `assertEncrypted` checks the commands connection really is TLS.
 */
export async function publishAndConsume(
  connection: ConnectionOptions,
  target: { readonly namespace: string; readonly partitions: number; readonly count: number },
  assertEncrypted: (commands: RedisClient) => void,
): Promise<void> {
  const { namespace, partitions, count } = target;
  const commands = await connectClient(connection, 'commands');
  const consumer = createConsumer({ connection, namespace, partitions, group: 'tls', leaseTtlMs: 2_000 });
  try {
    assertEncrypted(commands);
    await createPublisher(commands, { namespace, partitions }).publishAll(
      Array.from({ length: count }, (_, n) => tick('TLS', n)),
    );
    const seen: number[] = [];
    consumer.on('market_data', (event) => void seen.push(seqOf(event)));
    await consumer.start();
    await waitFor(() => seen.length === count, {
      timeoutMs: 30_000,
      description: `all ${count} events handled over TLS`,
    });
    expect(seen).toEqual(Array.from({ length: count }, (_, n) => n));
  } finally {
    await consumer.stop();
    commands.disconnect();
  }
}

/** The error connecting with `connection` fails with: a RedisTlsError, still a RedisUnavailableError. */
export async function tlsFailure(connection: ConnectionOptions): Promise<RedisTlsError> {
  const error = await connectClient(connection, 'commands').then(
    (client) => {
      client.disconnect();
      throw new Error('connected, but should not have');
    },
    (rejected: unknown) => rejected,
  );
  expect(error).toBeInstanceOf(RedisTlsError);
  // Still a RedisUnavailableError: code that retries on those needs no change.
  expect(error).toBeInstanceOf(RedisUnavailableError);
  return error as RedisTlsError;
}
