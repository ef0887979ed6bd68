// Small readers of Redis replies shared by the selection, query and group code: one
// pipeline's outcomes, XINFO's flat name/value lists, the error of a missing stream.
import type { ChainableCommander } from 'ioredis';

export type Outcome = readonly [error: Error | null, reply: unknown];

/**
 * Runs the pipeline; every command's outcome, in order. ioredis resolves exec() with null
 * when the connection closed first: that is an error for every command.
 */
export async function outcomes(pipeline: ChainableCommander, count: number): Promise<Outcome[]> {
  const replies = await pipeline.exec();
  return Array.from(
    { length: count },
    (_, at): Outcome => replies?.[at] ?? [new Error('Connection is closed: no reply'), null],
  );
}

/** The reply, or the command's error thrown. */
export function replyOf(outcome: Outcome): unknown {
  if (outcome[0]) throw outcome[0];
  return outcome[1];
}

/** A field of an XINFO reply (a flat name/value list). */
export function replyField(reply: readonly unknown[], name: string): unknown {
  const at = reply.indexOf(name);
  return at < 0 ? undefined : reply[at + 1];
}

/** True for the error XINFO and XPENDING give for a stream (or group) that does not exist. */
export function isNoSuchKey(error: unknown): boolean {
  return error instanceof Error && /no such key|NOGROUP/i.test(error.message);
}

/** The value of field `name` in a stream entry's field list (`[name, value, …]`). */
export function fieldOf(fields: readonly string[], name: string): string | undefined {
  for (let at = 0; at + 1 < fields.length; at += 2) if (fields[at] === name) return fields[at + 1];
  return undefined;
}
