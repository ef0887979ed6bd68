// The kill switch: ACTIVE / REDUCING / HALTED, persisted in Redis at `tf:{<ns>}:kill-switch`.
// At start a missing key is created as ACTIVE with SET NX, so a restart never clears a switch
// someone set. The handler reads a cached value, re-read from Redis every poll interval
// (≤ 1 s); a change through this instance's API applies at once.

import type { Logger, ServiceContext } from '@tickflow/service';
import { isConnectionFailure } from '@tickflow/streams';
import type { KillSwitchMode } from '@tickflow/trading';

type Redis = ServiceContext<unknown>['redis'];

export type KillSwitchState = KillSwitchMode;
export const KILL_SWITCH_STATES = [
  'ACTIVE',
  'REDUCING',
  'HALTED',
] as const satisfies readonly KillSwitchState[];

export function isKillSwitchState(value: unknown): value is KillSwitchState {
  return typeof value === 'string' && (KILL_SWITCH_STATES as readonly string[]).includes(value);
}

export function killSwitchKey(namespace: string): string {
  return `tf:{${namespace}}:kill-switch`;
}

export interface KillSwitch {
  /** The cached state (what the handler uses). */
  current(): KillSwitchState;
  /** Writes a new state to Redis and the cache. */
  set(state: KillSwitchState): Promise<void>;
  /** Re-reads Redis into the cache. */
  refresh(): Promise<KillSwitchState>;
  stop(): void;
}

export interface KillSwitchOptions {
  readonly redis: Redis;
  readonly namespace: string;
  readonly pollMs: number;
  readonly onChange: (state: KillSwitchState, previous: KillSwitchState) => void;
  readonly onError: (error: unknown) => void;
}

/**
 * Logs a failed poll. Redis unreachable is a warning: an outage the runtime rides out (and
 * reports) on its own, which would otherwise log an error every poll until Redis is back. Any
 * other failure (the key of another type, a refused command) is an error: it will not pass.
 */
export function logRefreshFailure(logger: Pick<Logger, 'warn' | 'error'>, error: unknown): void {
  if (isConnectionFailure(error)) {
    logger.warn({ err: error }, 'kill switch refresh failed: Redis unavailable; keeping the last state');
  } else {
    logger.error({ err: error }, 'kill switch refresh failed; keeping the last state');
  }
}

export async function openKillSwitch(options: KillSwitchOptions): Promise<KillSwitch> {
  const { redis, onChange } = options;
  const key = killSwitchKey(options.namespace);
  await redis.set(key, 'ACTIVE', 'NX');
  // An unreadable value fails safe: HALTED until someone sets a valid state.
  const parse = (stored: string | null): KillSwitchState => (isKillSwitchState(stored) ? stored : 'HALTED');
  let cached = parse(await redis.get(key));
  const accept = (state: KillSwitchState) => {
    const previous = cached;
    cached = state;
    if (state !== previous) onChange(state, previous);
  };
  const refresh = async () => {
    accept(parse(await redis.get(key)));
    return cached;
  };
  const timer = setInterval(() => {
    refresh().catch(options.onError);
  }, options.pollMs);
  timer.unref();
  return {
    current: () => cached,
    async set(state) {
      await redis.set(key, state);
      accept(state);
    },
    refresh,
    stop: () => clearInterval(timer),
  };
}
