import { connect } from 'node:net';

/** One RESP2 reply. Arrays are not needed by the testkit and are not parsed. */
export type RespReply =
  | { readonly kind: 'simple'; readonly value: string }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'integer'; readonly value: number }
  | { readonly kind: 'bulk'; readonly value: string | null };

/** Where a TCP Redis server listens. */
export interface RespTarget {
  readonly host: string;
  readonly port: number;
}

const CRLF = '\r\n';

/** Encodes one command as a RESP array of bulk strings. */
export function encodeRespCommand(args: readonly string[]): string {
  let out = `*${args.length}${CRLF}`;
  for (const arg of args) {
    out += `$${Buffer.byteLength(arg)}${CRLF}${arg}${CRLF}`;
  }
  return out;
}

/**
 * Parses one reply at `offset` of `buffer`.
 *
 * @returns the reply and the offset just past it, or `undefined` when the buffer does not yet
 *   hold a whole reply.
 * @throws {Error} on a reply type it does not handle (arrays, RESP3 types).
 */
export function parseRespReply(
  buffer: Buffer,
  offset: number,
): { readonly reply: RespReply; readonly next: number } | undefined {
  const lineEnd = buffer.indexOf(CRLF, offset);
  if (lineEnd === -1) {
    return undefined;
  }
  const type = String.fromCharCode(buffer[offset] ?? 0);
  const line = buffer.toString('utf8', offset + 1, lineEnd);
  const afterLine = lineEnd + CRLF.length;
  switch (type) {
    case '+':
      return { reply: { kind: 'simple', value: line }, next: afterLine };
    case '-':
      return { reply: { kind: 'error', message: line }, next: afterLine };
    case ':':
      return { reply: { kind: 'integer', value: Number(line) }, next: afterLine };
    case '$': {
      const length = Number(line);
      if (length < 0) {
        return { reply: { kind: 'bulk', value: null }, next: afterLine };
      }
      const end = afterLine + length;
      if (buffer.length < end + CRLF.length) {
        return undefined;
      }
      return {
        reply: { kind: 'bulk', value: buffer.toString('utf8', afterLine, end) },
        next: end + CRLF.length,
      };
    }
    default:
      throw new Error(`Unsupported RESP reply type ${JSON.stringify(type)}`);
  }
}

/**
 * Sends commands over one fresh TCP connection (pipelined) and collects one reply per command.
 * Used for readiness and cluster-state probes, where a real client library would retry,
 * queue or reconnect and so hide what the server is doing right now.
 *
 * @param target - host and port.
 * @param commands - each command as its arguments, e.g. `[['AUTH', pw], ['PING']]`.
 * @param timeoutMs - bound on the whole exchange, in milliseconds. Default 2 000.
 * @throws {Error} on connection failure (e.g. ECONNREFUSED), timeout, or early close.
 */
export function sendRespCommands(
  target: RespTarget,
  commands: readonly (readonly string[])[],
  timeoutMs = 2_000,
): Promise<RespReply[]> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: target.host, port: target.port });
    const replies: RespReply[] = [];
    let buffer = Buffer.alloc(0);
    let settled = false;
    const timer = setTimeout(
      () => fail(new Error(`No reply from ${target.host}:${target.port} within ${timeoutMs} ms`)),
      timeoutMs,
    );

    function finish(): void {
      settled = true;
      clearTimeout(timer);
      socket.destroy();
    }
    function fail(error: Error): void {
      if (!settled) {
        finish();
        reject(error);
      }
    }

    socket.on('connect', () => {
      socket.write(commands.map(encodeRespCommand).join(''));
    });
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      let offset = 0;
      try {
        for (let parsed = parseRespReply(buffer, offset); parsed; parsed = parseRespReply(buffer, offset)) {
          replies.push(parsed.reply);
          offset = parsed.next;
        }
      } catch (error) {
        fail(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      buffer = buffer.subarray(offset);
      if (replies.length >= commands.length && !settled) {
        finish();
        resolve(replies);
      }
    });
    socket.on('error', fail);
    socket.on('close', () =>
      fail(new Error(`Connection to ${target.host}:${target.port} closed after ${replies.length} replies`)),
    );
  });
}
