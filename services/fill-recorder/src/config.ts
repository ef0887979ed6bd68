// fill-recorder's own configuration: where its query API listens.
import { z } from 'zod';

export const DEFAULT_API_PORT = 8090;

export const fillRecorderConfig = z.object({
  /** The query API's port (on HTTP_HOST); 0 picks a free port (tests). */
  FILL_RECORDER_API_PORT: z.coerce
    .number({ error: 'expected an integer from 0 to 65535' })
    .int({ error: 'expected an integer from 0 to 65535' })
    .min(0, { error: 'expected an integer from 0 to 65535' })
    .max(65_535, { error: 'expected an integer from 0 to 65535' })
    .default(DEFAULT_API_PORT),
});
