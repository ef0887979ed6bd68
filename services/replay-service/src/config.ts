// replay-service's own configuration (the kit adds REDIS_URL, TICKFLOW_NAMESPACE — the
// namespace replayed from and inspected —, TICKFLOW_PARTITIONS, HTTP_*, API_*_TOKEN, ...).
import { z } from 'zod';

export const replayServiceConfig = z.object({
  /** Continue runs a shutdown interrupted, when the service starts again. */
  REPLAY_RESUME_ON_START: z
    .enum(['true', 'false'], { error: 'expected true or false' })
    .default('true')
    .transform((value) => value === 'true'),
  /** Whether GET /events/export serves whole selections (turn off where the data is sensitive). */
  REPLAY_EXPORT_ENABLED: z
    .enum(['true', 'false'], { error: 'expected true or false' })
    .default('true')
    .transform((value) => value === 'true'),
  /** fill-recorder's base URL (e.g. http://fill-recorder:8080): GET /ledger reads its /positions and /pnl. Unset: no ledger. */
  REPLAY_LEDGER_URL: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).optional(),
  /** Sent to fill-recorder as the bearer token, when its API has tokens. */
  REPLAY_LEDGER_TOKEN: z.string().min(1).optional(),
});
