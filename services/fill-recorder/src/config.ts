// fill-recorder's own configuration: where the pipeline-latency lookups find the upstream
// events' dedupe markers (see upstream-times.ts). Each must equal its publisher's window.
import { z } from 'zod';

const windowMs = (fallback: number) =>
  z.coerce
    .number({ error: 'expected an integer number of ms from 0 to 604800000' })
    .int({ error: 'expected an integer number of ms from 0 to 604800000' })
    .min(0, { error: 'expected an integer number of ms from 0 to 604800000' })
    .max(7 * 24 * 3_600_000, { error: 'expected an integer number of ms from 0 to 604800000' })
    .default(fallback);

export const fillRecorderConfig = z.object({
  /** market-data-ingest's INGEST_DEDUPE_WINDOW_MS (its default: 1 hour); 0: ticks unmeasured. */
  RECORDER_TICK_DEDUPE_WINDOW_MS: windowMs(3_600_000),
  /** The dedupe window of signal-engine's and order-router's publishers: the kit's, 15 minutes. */
  RECORDER_DERIVED_DEDUPE_WINDOW_MS: windowMs(15 * 60_000),
});
