// What a service declares for each of its HTTP routes: method, URL, zod schemas (which
// validate the request, serialize the answer and become the OpenAPI document), who may call
// it, and a handler that receives the parsed request and the service's context.
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { z } from 'zod';
import type { Access, Caller } from './access.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A response documented per media type, e.g. `{ content: { 'application/x-ndjson': { schema: z.string() } } }`. */
export interface ContentResponse {
  readonly description?: string;
  readonly content: Readonly<Record<string, { readonly schema: z.ZodType }>>;
}

export interface RouteSchema {
  readonly params?: z.ZodType;
  readonly querystring?: z.ZodType;
  readonly body?: z.ZodType;
  /** By status code; a JSON answer is encoded (and checked) with its schema. */
  readonly response?: Readonly<Record<number, z.ZodType | ContentResponse>>;
}

type Parsed<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface RouteRequest<S extends RouteSchema> {
  readonly params: Parsed<S['params']>;
  readonly query: Parsed<S['querystring']>;
  readonly body: Parsed<S['body']>;
  readonly headers: IncomingHttpHeaders;
  /** Who called, from the bearer token (`anonymous` when tokens are not configured). */
  readonly caller: Caller;
  /** The request id, also on the server's log lines. */
  readonly id: string;
  /** Aborted when the client goes away (a long stream can stop early). */
  readonly signal: AbortSignal;
}

export interface RouteReply {
  /** The status of a successful answer (default 200). */
  status(code: number): RouteReply;
  header(name: string, value: string): RouteReply;
  /**
   * Takes the response over (Server-Sent Events, other hand-written replies): the server sends
   * nothing more, the handler writes and ends the returned response itself.
   */
  hijack(): ServerResponse;
}

const STREAMED: unique symbol = Symbol('tickflow.streamed-reply');

/** A body sent as it is produced, never buffered whole: see streamReply(). */
export interface StreamedReply {
  readonly [STREAMED]: true;
  readonly contentType: string;
  readonly body: Readable;
}

/** Streams `source` (a Readable, or an iterable or async iterable of strings such as NDJSON lines) with its content type. */
export function streamReply(
  contentType: string,
  source: Readable | AsyncIterable<string> | Iterable<string>,
): StreamedReply {
  return {
    [STREAMED]: true,
    contentType,
    body: source instanceof Readable ? source : Readable.from(source),
  };
}

export const isStreamedReply = (value: unknown): value is StreamedReply =>
  typeof value === 'object' && value !== null && STREAMED in value;

type JsonResponses<S extends RouteSchema> = {
  [Status in keyof S['response']]: S['response'][Status] extends z.ZodType
    ? z.output<S['response'][Status]>
    : never;
}[keyof S['response']];

/** What a handler may return: a body matching one of its response schemas, a stream, or nothing (204, or after hijack()). */
export type RouteResult<S extends RouteSchema> =
  | (S['response'] extends object ? JsonResponses<S> : unknown)
  | StreamedReply
  | undefined;

export interface RouteDefinition<Context, S extends RouteSchema> {
  readonly method: HttpMethod;
  /** A fastify path, e.g. `/runs/:id`. */
  readonly url: string;
  readonly access: Access;
  /** One line for the OpenAPI document. */
  readonly summary: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  readonly schema: S;
  readonly handler: (
    request: RouteRequest<S>,
    context: Context,
    reply: RouteReply,
  ) => RouteResult<S> | Promise<RouteResult<S>>;
}

/** Collects a service's routes before the server starts. */
export interface RouteRegistrar<Context> {
  route<S extends RouteSchema>(definition: RouteDefinition<Context, S>): void;
}
