/** A field of an XINFO reply, which comes as a flat name/value list. */
export function replyField(reply: readonly unknown[], name: string): unknown {
  const at = reply.indexOf(name);
  return at < 0 ? undefined : reply[at + 1];
}
