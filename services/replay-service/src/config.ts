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
});
