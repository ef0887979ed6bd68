// The monitor's own variables, added to replay-service's configuration in main.ts.
import { z } from 'zod';

const between = (min: number, max: number) =>
  z.coerce
    .number({ error: `expected an integer from ${min} to ${max}` })
    .int({ error: `expected an integer from ${min} to ${max}` })
    .min(min, { error: `expected an integer from ${min} to ${max}` })
    .max(max, { error: `expected an integer from ${min} to ${max}` });

export const monitorConfig = z.object({
  /** How often GET /live sends a snapshot, ms. */
  REPLAY_MONITOR_INTERVAL_MS: between(100, 60_000).default(1_000),
  /** How often GET /live sends a heartbeat comment, ms: below the idle timeout of any proxy on the way. */
  REPLAY_MONITOR_HEARTBEAT_MS: between(100, 300_000).default(15_000),
  /** The page's files; default the service's own web/ folder (tests point it at a fixture). */
  REPLAY_WEB_DIR: z.string().min(1).optional(),
});

export type MonitorConfig = z.output<typeof monitorConfig>;
