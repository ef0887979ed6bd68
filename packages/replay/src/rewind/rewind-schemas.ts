// The shapes a rewind plan and an undo record must have when they come back: a plan from a
// client (reviewed in a browser, sent back to be applied), a record read from Redis.
import { EVENT_TYPES } from '@tickflow/events';
import { z } from 'zod';
import { BadInputError } from '../errors.ts';
import type { RewindPlan, SavedRewind } from './rewind-types.ts';

const entryId = z.string().regex(/^(0|[1-9]\d{0,19})-(0|[1-9]\d{0,19})$/, 'an entry id <ms>-<seq>');
const count = z.number().int().nonnegative();

const target = z.union([
  z.literal('start'),
  z.strictObject({ id: entryId }),
  z.strictObject({ timeMs: count }),
]);

const partition = z.object({
  type: z.enum(EVENT_TYPES),
  partition: count,
  stream: z.string(),
  lastDeliveredId: entryId,
  entriesRead: count.nullable(),
  checkpoint: entryId.nullable(),
  pending: count,
  maxDeletedEntryId: entryId,
  target: entryId,
  firstRedelivered: entryId.nullable(),
  redeliver: count,
  clamped: z.string().nullable(),
});

export const rewindPlanSchema = z.object({
  namespace: z.string(),
  group: z.string(),
  to: target,
  partitions: z.array(partition),
  liveConsumers: z.array(z.object({ name: z.string(), lastSeenMsAgo: count })),
  createdAt: count,
}) satisfies z.ZodType<RewindPlan>;

export const savedRewindSchema = z.object({
  namespace: z.string(),
  group: z.string(),
  by: z.string(),
  at: count,
  plan: rewindPlanSchema,
  previous: z.array(
    partition.pick({
      type: true,
      partition: true,
      stream: true,
      lastDeliveredId: true,
      entriesRead: true,
      checkpoint: true,
    }),
  ),
  undone: z.object({ by: z.string(), at: count, missing: z.array(z.string()) }).nullable(),
}) satisfies z.ZodType<SavedRewind>;

/** The plan, checked; BadInputError('plan', ...) naming the first fault. */
export function checkPlan(plan: unknown): RewindPlan {
  const parsed = rewindPlanSchema.safeParse(plan);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BadInputError('plan', `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
