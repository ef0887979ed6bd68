// A local WebSocket feed that replays recorded messages and can resume: a client greets it
// with {"op":"subscribe","from":N} (how many messages it already has) and gets messages N…
// The first connection holds after `holdAfter` messages until the test drops it, so a drop
// always lands mid-stream at a known point.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

export interface ReplayServer {
  readonly url: string;
  /** The `from` of every greeting, in order: one per connection. */
  readonly resumedFrom: readonly number[];
  /** Connections currently open. */
  openConnections(): number;
  /** Drops every connection without a close frame, as a network failure would. */
  dropAll(): void;
  close(): Promise<void>;
}

export async function startReplayServer(
  messages: readonly string[],
  holdAfter: number,
): Promise<ReplayServer> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const resumedFrom: number[] = [];
  const sockets = new Set<WebSocket>();

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.once('message', (greeting) => {
      const { from } = JSON.parse(greeting.toString()) as { from: number };
      resumedFrom.push(from);
      const end = resumedFrom.length === 1 ? Math.min(holdAfter, messages.length) : messages.length;
      for (const message of messages.slice(from, end)) socket.send(message);
    });
  });

  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    resumedFrom,
    openConnections: () => sockets.size,
    dropAll: () => {
      for (const socket of sockets) socket.terminate();
    },
    close: async () => {
      for (const socket of sockets) socket.terminate();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
