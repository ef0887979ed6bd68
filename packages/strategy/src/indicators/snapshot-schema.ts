// Schemas the indicator snapshots share: a snapshot read back from storage is checked
// before it is trusted, so a corrupted one is refused on restore instead of computing
// nonsense from then on.
import { z } from 'zod';

/** A finite double (zod numbers refuse NaN and ±Infinity). */
export const finite = z.number();

/** An integer period of at least `min`. */
export const periodOf = (min: number) => z.int().min(min);

/** Parses `snapshot` against `schema`, or throws RangeError saying what kind and what field. */
export function parseSnapshot<T>(kind: string, schema: z.ZodType<T>, snapshot: unknown): T {
  const parsed = schema.safeParse(snapshot);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new RangeError(`not a ${kind} snapshot: ${issues.join('; ')}`);
}
