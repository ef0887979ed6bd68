// A live JSON feed over WebSocket that survives drops: after any close it reconnects with
// capped, jittered exponential backoff and greets the server again (with how many messages
// it already has, so a server that can resume sends the rest). It ends only when aborted.
import { setTimeout as delay } from 'node:timers/promises';
import { FieldError, SourceConfigError } from '../errors.ts';
import { DEFAULT_MAX_LINE_BYTES } from '../input/limits.ts';
import { type SourceRecord, WHOLE_MESSAGE } from '../source-record.ts';
import { finishRecord } from '../validate.ts';
import { checkReconnect, type ReconnectOptions, reconnectDelayMs } from '../websocket/backoff.ts';
import { type Closed, type ConnectionContext, connectOnce } from '../websocket/connection.ts';
import { createInbox, type Delivery, type Inbox } from '../websocket/inbox.ts';

/** What `parse` makes of one message: a payload to validate and its times. */
export interface RecordCandidate {
  readonly data: unknown;
  /** When it happened, in ns since the Unix epoch. */
  readonly ts_event: bigint;
  /** When it was received; defaults to the message's arrival time. */
  readonly ts_init?: bigint;
}

/** Where a (re)connection stands, for the greeting. */
export interface ResumePoint {
  /** Messages received before this connection, over all earlier ones. */
  readonly received: number;
  /** 1 for the first connection, 2 for the first reconnection, … */
  readonly connection: number;
}

/** Why the feed is reconnecting, for logs and metrics. */
export interface Disconnect {
  readonly connection: number;
  readonly code: number;
  readonly error: Error | undefined;
  readonly retryInMs: number;
}

export interface WebSocketFeedOptions {
  /** ws:// or wss:// URL of the feed. */
  readonly url: string;
  /**
   * Turns one message into a candidate record; returns undefined for a message that is not
   * market data (a heartbeat, a subscription ack), which is skipped but still numbered.
   * May throw: a FieldError rejects that field, any other error the whole message.
   */
  readonly parse?: (message: string) => RecordCandidate | undefined;
  /**
   * Instead of `parse`, for messages that may carry several records: the records of one
   * message (numbered `number`), in order; none for a message that is not market data. An
   * accepted record without ts_init gets the message's arrival time.
   */
  readonly read?: (message: string, number: number) => readonly SourceRecord[];
  readonly reconnect: ReconnectOptions;
  /** Ends the feed: the socket is closed and iteration finishes. */
  readonly signal?: AbortSignal;
  /** Sent on every open (a subscription, a resume request); undefined sends nothing. */
  readonly greeting?: (resume: ResumePoint) => string | undefined;
  /**
   * Messages an earlier run already took from this feed: numbering continues after it, and
   * the first greeting's `received` is it, so a resumable server sends the rest. Default 0.
   */
  readonly startAfter?: number;
  /**
   * Longest message, in bytes (the socket's maxPayload). A longer one closes the connection
   * (1009) unread: it comes out as a rejected record numbered like any message, and the feed
   * reconnects, its greeting counting that message as received. Default 1 MiB.
   */
  readonly maxMessageBytes?: number;
  /** Messages buffered before the socket is paused. Default 1000. */
  readonly highWaterMark?: number;
  /** Handshake timeout, in ms. Default 10 000. */
  readonly connectTimeoutMs?: number;
  /** Reconnect after this long without a message, in ms; off by default. */
  readonly idleTimeoutMs?: number;
  /** Uniform [0, 1) source of the backoff jitter. Default Math.random. */
  readonly random?: () => number;
  /** Told each time the feed drops and before it waits to reconnect. */
  readonly onDisconnect?: (disconnect: Disconnect) => void;
}

/**
 * Streams records from a WebSocket JSON feed. `line` is the message number, 1-based and
 * continuing across reconnections. Messages still buffered when the signal aborts are
 * dropped: a live feed ends where it is stopped.
 *
 * @throws SourceConfigError for a bad URL or reconnect options, at once.
 */
export function websocketFeed(options: WebSocketFeedOptions): AsyncIterable<SourceRecord> {
  const url = checkedUrl(options.url);
  checkReconnect(options.reconnect);
  if ((options.parse === undefined) === (options.read === undefined)) {
    throw new SourceConfigError('a WebSocket feed needs exactly one of parse or read');
  }
  const startAfter = options.startAfter ?? 0;
  if (!Number.isSafeInteger(startAfter) || startAfter < 0) {
    throw new SourceConfigError(`startAfter must be a non-negative integer, got ${startAfter}`);
  }
  return run(url, options);
}

async function* run(url: string, options: WebSocketFeedOptions): AsyncGenerator<SourceRecord> {
  // One internal signal for both the caller's abort and the consumer breaking out of its loop.
  const stop = new AbortController();
  const forward = () => stop.abort();
  options.signal?.addEventListener('abort', forward, { once: true });
  if (options.signal?.aborted) stop.abort();
  const inbox = createInbox(options.highWaterMark ?? 1000);
  let failure: { error: unknown } | undefined;
  const connections = keepConnected(url, options, inbox, stop.signal).catch((error: unknown) => {
    failure = { error };
    stop.abort();
  });
  try {
    for (;;) {
      const delivery = await inbox.take(stop.signal);
      if (delivery === undefined) break;
      if (delivery.rejected !== undefined) {
        // Its bytes were never read (see connection.ts): nothing to show but the reason.
        yield { ok: false, line: delivery.number, field: WHOLE_MESSAGE, reason: delivery.rejected, raw: '' };
        continue;
      }
      if (options.read !== undefined) {
        for (const record of options.read(delivery.text, delivery.number)) {
          yield record.ok && record.ts_init === undefined
            ? { ...record, ts_init: delivery.receivedNs }
            : record;
        }
        continue;
      }
      const record = options.parse === undefined ? undefined : recordOf(delivery, options.parse);
      if (record !== undefined) yield record;
    }
  } finally {
    stop.abort();
    options.signal?.removeEventListener('abort', forward);
    await connections;
  }
  if (failure !== undefined) throw failure.error;
}

async function keepConnected(
  url: string,
  options: WebSocketFeedOptions,
  inbox: Inbox,
  signal: AbortSignal,
): Promise<void> {
  const counter = { received: options.startAfter ?? 0 };
  let connection = 0;
  let retry = 0;
  while (!signal.aborted) {
    connection += 1;
    const resume: ResumePoint = { received: counter.received, connection };
    const context: ConnectionContext = {
      url,
      inbox,
      signal,
      counter,
      greeting: () => options.greeting?.(resume),
      connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
      maxMessageBytes: options.maxMessageBytes ?? DEFAULT_MAX_LINE_BYTES,
      idleTimeoutMs: options.idleTimeoutMs,
    };
    const closed: Closed = await connectOnce(context);
    if (signal.aborted) return;
    // Only a connection that delivered something resets the backoff: a server that accepts
    // and drops at once must not be hammered at the base delay forever.
    if (closed.delivered) retry = 0;
    const retryInMs = reconnectDelayMs(retry, options.reconnect, options.random ?? Math.random);
    retry += 1;
    options.onDisconnect?.({ connection, code: closed.code, error: closed.error, retryInMs });
    await delay(retryInMs, undefined, { signal }).catch(() => undefined);
  }
}

function recordOf(
  delivery: Delivery,
  parse: NonNullable<WebSocketFeedOptions['parse']>,
): SourceRecord | undefined {
  const { number: line, text: raw } = delivery;
  let candidate: RecordCandidate | undefined;
  try {
    candidate = parse(raw);
  } catch (error) {
    const field = error instanceof FieldError ? error.field : WHOLE_MESSAGE;
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, line, field, reason, raw };
  }
  if (candidate === undefined) return undefined;
  return finishRecord({
    line,
    raw,
    data: candidate.data,
    ts_event: candidate.ts_event,
    ts_init: candidate.ts_init ?? delivery.receivedNs,
  });
}

function checkedUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new SourceConfigError(`WebSocket feed URL is not a URL: ${JSON.stringify(url)}`, { cause: error });
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    throw new SourceConfigError(`WebSocket feed URL must be ws:// or wss://, got ${JSON.stringify(url)}`);
  }
  return url;
}
