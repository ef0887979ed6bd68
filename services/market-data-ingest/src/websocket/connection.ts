// One WebSocket connection's life: open, subscribe, hand every message to the inbox, and
// resolve when it closes for whatever reason (drop, error, idle, abort).
import { nowNs } from '@tickflow/events';
import { type RawData, WebSocket } from 'ws';
import type { Delivery, Inbox } from './inbox.ts';

/** What every connection of one feed shares. */
export interface ConnectionContext {
  readonly url: string;
  readonly inbox: Inbox;
  readonly signal: AbortSignal;
  /** Messages received so far over all connections; each message bumps it. */
  readonly counter: { received: number };
  /** The message to send once open (a subscription, a resume point), if any. */
  readonly greeting: () => string | undefined;
  readonly connectTimeoutMs: number;
  /** Longest message accepted, in bytes (ws's maxPayload): a longer one ends the connection. */
  readonly maxMessageBytes: number;
  /** Drop the connection after this long without a message; undefined = never. */
  readonly idleTimeoutMs: number | undefined;
}

/** How a connection ended. */
export interface Closed {
  /** The WebSocket close code (1006 for a drop without a close frame). */
  readonly code: number;
  readonly error: Error | undefined;
  /** Whether any message arrived on it. */
  readonly delivered: boolean;
}

/** Connects once and resolves when the connection is closed. Never rejects. */
export function connectOnce(context: ConnectionContext): Promise<Closed> {
  const { inbox, signal, counter } = context;
  return new Promise((resolve) => {
    let error: Error | undefined;
    let delivered = false;
    let idleTimer: NodeJS.Timeout | undefined;
    const socket = new WebSocket(context.url, {
      handshakeTimeout: context.connectTimeoutMs,
      maxPayload: context.maxMessageBytes,
    });
    const stop = () => socket.terminate();
    const armIdle = () => {
      if (context.idleTimeoutMs === undefined) return;
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => {
        error = new Error(`no message for ${context.idleTimeoutMs} ms`);
        socket.terminate();
      }, context.idleTimeoutMs);
    };
    signal.addEventListener('abort', stop, { once: true });
    inbox.onDrain(() => socket.resume());

    socket.on('open', () => {
      armIdle();
      const greeting = context.greeting();
      if (greeting !== undefined) socket.send(greeting);
    });
    socket.on('message', (data) => {
      armIdle();
      delivered = true;
      counter.received += 1;
      const delivery: Delivery = { number: counter.received, text: textOf(data), receivedNs: nowNs() };
      if (!inbox.push(delivery)) socket.pause();
    });
    // ws always follows 'error' with 'close'; keep the error to report why.
    socket.on('error', (cause) => {
      error = cause;
      if (!isTooLong(cause)) return;
      // ws refuses the message from its length, before reading it, and closes (sending 1009).
      // It still counts as received, so it is dead-lettered under its own number and the
      // next greeting asks a resumable server for what comes after it, not for it again.
      delivered = true;
      counter.received += 1;
      const rejected = `message longer than ${context.maxMessageBytes} bytes: dropped unread, and the connection reopened`;
      inbox.push({ number: counter.received, text: '', receivedNs: nowNs(), rejected });
    });
    socket.on('close', (code) => {
      clearTimeout(idleTimer);
      signal.removeEventListener('abort', stop);
      inbox.onDrain(undefined);
      resolve({ code, error, delivered });
    });
    if (signal.aborted) socket.terminate();
  });
}

function isTooLong(error: Error): boolean {
  return (error as { code?: unknown }).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH';
}

function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}
