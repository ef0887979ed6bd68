// One command's outcome in an exec()'d pipeline. ioredis resolves exec() with null (or
// without the command's reply) when the connection closed first: for that command, an error
// that reads as Redis being unavailable.
export type PipelineReplies = [error: Error | null, reply: unknown][] | null;

export function pipelineReply(
  replies: PipelineReplies,
  position: number,
): [error: Error | null, reply: unknown] {
  return replies?.[position] ?? [new Error('Connection is closed: no reply'), null];
}
