// order-router replicas as Kubernetes runs them, without a cluster: each a process with its
// pod name in TICKFLOW_CONSUMER_NAME (the downward API's metadata.name), ready when /readyz
// answers 200; terminated with SIGTERM as kubelet does (timed against the grace), or lost
// with SIGKILL (a node gone) while it holds entries delivered and not yet acked.
import type { ServiceProcess } from '@tickflow/testkit';
import { waitFor } from '@tickflow/testkit';
import type { Redis } from 'ioredis';
import { startService } from '../support/processes.ts';
import { groupConsumers } from './group-consumers.ts';

export interface Replica {
  readonly pod: string;
  /** Its consumer's name in the group, as it logged it. */
  readonly consumer: string;
  readonly process: ServiceProcess;
}

export interface Termination {
  /** The exit code, or the signal that ended it. */
  readonly exit: number | string;
  readonly elapsedMs: number;
}

/** Starts order-router as pod `pod`; resolves once it is ready (what a rollout waits for). */
export async function startReplica(pod: string, env: Record<string, string>): Promise<Replica> {
  const process = startService('order-router', { ...env, LOG_LEVEL: 'info', TICKFLOW_CONSUMER_NAME: pod });
  const starting = await process.waitForLog(
    (line) => line.msg === 'starting' && typeof line.port === 'number',
    {
      timeoutMs: 60_000,
    },
  );
  const running = await process.waitForLog('running', { timeoutMs: 60_000 });
  await waitFor(async () => (await fetch(`http://127.0.0.1:${starting.port}/readyz`)).status === 200, {
    timeoutMs: 30_000,
    description: `${pod} ready`,
  });
  const [consumer] = running.consumers as string[];
  if (consumer === undefined) throw new Error(`${pod} runs no consumer: ${JSON.stringify(running)}`);
  return { pod, consumer, process };
}

/** SIGTERM, as kubelet sends it; resolves with how it ended and how long that took. */
export async function terminate(replica: Replica): Promise<Termination> {
  const sentAt = performance.now();
  const exit = await replica.process.stop();
  return { exit, elapsedMs: performance.now() - sentAt };
}

/**
 * SIGKILL at a moment when the replica has entries pending (delivered, not acked): frozen
 * with SIGSTOP, its pending entries counted, then killed — or let go on and caught again.
 * Resolves with the number of entries it left pending.
 */
export async function killHoldingEntries(
  redis: Redis,
  replica: Replica,
  where: { namespace: string; partitions: number; group: string },
): Promise<number> {
  const pendingOf = async () =>
    (await groupConsumers(redis, where.namespace, 'signal', where.partitions, where.group))
      .filter((consumer) => consumer.name === replica.consumer)
      .reduce((sum, consumer) => sum + consumer.pending, 0);
  const { child } = replica.process;
  const left = await waitFor(
    async () => {
      await waitFor(pendingOf, { timeoutMs: 30_000, intervalMs: 1, description: `${replica.pod} reading` });
      child.kill('SIGSTOP');
      const pending = await pendingOf();
      if (pending > 0) {
        child.kill('SIGKILL');
        return pending;
      }
      child.kill('SIGCONT');
      return 0;
    },
    { timeoutMs: 60_000, intervalMs: 1, description: `${replica.pod} frozen with entries pending` },
  );
  await replica.process.exited;
  return left;
}
