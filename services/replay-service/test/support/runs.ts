// Reading a replay run through the API while it goes: its record with live progress, a wait
// for a state or a count, and a wait until what it reports written is what its target holds
// (no write in flight), which is when "nothing more arrives" can be checked at all.

import type { RedisClient } from '@tickflow/streams';
import { waitFor } from '@tickflow/testkit';
import { mdLength } from './history.ts';
import { call, expectStatus, READ_TOKEN } from './http.ts';

export interface RunView {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly state: 'running' | 'paused' | 'completed' | 'cancelled' | 'failed' | 'interrupted';
  readonly speed: string;
  readonly by: string;
  readonly total: number;
  readonly scanned: number;
  readonly replayed: number;
  readonly present: number;
  readonly ratePerSec?: number;
  readonly etaMs?: number;
  readonly error?: string;
}

export function getRun(api: string, id: string): Promise<RunView> {
  return expectStatus(200, call<RunView>(api, 'GET', `/replays/${id}`, { token: READ_TOKEN }));
}

/** Waits until the run satisfies `holds`; resolves with that view, rejects at once when the run fails. */
export async function waitForRun(
  api: string,
  id: string,
  holds: (run: RunView) => boolean,
  description: string,
  timeoutMs = 30_000,
): Promise<RunView> {
  const run = await waitFor(
    async () => {
      const view = await getRun(api, id);
      // A failed run never gets anywhere: stop waiting and say why.
      return holds(view) || view.state === 'failed' ? view : undefined;
    },
    { timeoutMs, intervalMs: 20, description },
  );
  if (!holds(run)) throw new Error(`run ${id} failed while waiting for ${description}: ${run.error}`);
  return run;
}

/**
 * Waits until the run's written count equals its target's entries (a write in flight has
 * landed and been counted); resolves with that count.
 */
export async function settledCount(
  api: string,
  redis: RedisClient,
  id: string,
  partitions: number,
): Promise<number> {
  return waitFor(
    async () => {
      const run = await getRun(api, id);
      const held = await mdLength(redis, run.target, partitions);
      return run.replayed + run.present === held ? { held } : undefined;
    },
    { timeoutMs: 10_000, intervalMs: 20, description: `run ${id}'s count to match its target` },
  ).then(({ held }) => held);
}
