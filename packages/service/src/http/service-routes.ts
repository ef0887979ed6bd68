// A service's declared routes as fastify routes: the caller checked against the route's access
// before anything else is read, a 503 "starting" until the service's setup() has run (the
// server listens long before: probes must answer while Redis is retried), then the handler
// with the parsed request, the service's context and a small reply object.
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import type { Authorizer, Caller } from './access.ts';
import { HttpError } from './problem.ts';
import {
  isStreamedReply,
  type RouteDefinition,
  type RouteRegistrar,
  type RouteReply,
  type RouteRequest,
  type RouteSchema,
} from './route.ts';

type AnyRoute<Context> = RouteDefinition<Context, RouteSchema>;

/** Runs the service's route declarations, collecting what they declare. */
export function collectRoutes<Context>(
  declare: ((api: RouteRegistrar<Context>) => void) | undefined,
): AnyRoute<Context>[] {
  const routes: AnyRoute<Context>[] = [];
  declare?.({ route: (definition) => void routes.push(definition as unknown as AnyRoute<Context>) });
  return routes;
}

export interface ServiceRoutesOptions<Context> {
  readonly routes: readonly AnyRoute<Context>[];
  readonly authorizer: Authorizer;
  /** The routes' context; undefined while the service is starting. */
  readonly context: () => Context | undefined;
}

export function registerServiceRoutes<Context>(app: FastifyInstance, options: ServiceRoutesOptions<Context>) {
  const callers = new WeakMap<FastifyRequest, Caller>();
  for (const route of options.routes) {
    app.route({
      method: route.method,
      url: route.url,
      schema: openapiSchema(route),
      onRequest: async (request) => {
        callers.set(request, options.authorizer.authorize(route.access, request.headers.authorization));
        if (options.context() === undefined)
          throw new HttpError(503, 'starting: the service has not finished starting; retry shortly', {
            headers: { 'retry-after': '1' },
          });
      },
      handler: async (request, reply) => {
        const result = await route.handler(
          requestOf(request, reply, callers.get(request) ?? 'anonymous'),
          options.context() as Context,
          replyOf(reply),
        );
        if (reply.sent) return reply;
        if (isStreamedReply(result)) return reply.type(result.contentType).send(result.body);
        if (result === undefined) return reply.code(reply.statusCode === 200 ? 204 : reply.statusCode).send();
        return reply.send(result);
      },
    });
  }
}

/** The route's zod schemas plus what the OpenAPI document shows: summary, access, the bearer scheme. */
function openapiSchema(route: Omit<AnyRoute<never>, 'handler'>): FastifySchema {
  return {
    ...route.schema,
    summary: route.summary,
    ...(route.description === undefined ? {} : { description: route.description }),
    ...(route.tags === undefined ? {} : { tags: [...route.tags] }),
    ...(route.access === 'public' ? {} : { security: [{ bearer: [] }] }),
    'x-access': route.access,
  } as FastifySchema;
}

function requestOf(request: FastifyRequest, reply: FastifyReply, caller: Caller): RouteRequest<RouteSchema> {
  const aborted = new AbortController();
  // 'close' also follows a complete answer; only a close before the end means the client left.
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) aborted.abort();
  });
  return {
    params: request.params as undefined,
    query: request.query as undefined,
    body: request.body as undefined,
    headers: request.headers,
    caller,
    id: request.id,
    signal: aborted.signal,
  };
}

function replyOf(reply: FastifyReply): RouteReply {
  const adapter: RouteReply = {
    status: (code) => {
      reply.code(code);
      return adapter;
    },
    header: (name, value) => {
      reply.header(name, value);
      return adapter;
    },
    hijack: () => {
      reply.hijack();
      return reply.raw;
    },
  };
  return adapter;
}

const METHODS = ['DELETE', 'GET', 'PATCH', 'POST', 'PUT', 'OPTIONS'] as const;

/**
 * For every URL served, a hidden route answering its other methods with a 405 problem and an
 * `Allow` header (fastify alone would answer 404). Call once every other route is registered.
 */
export function registerMethodNotAllowed(app: FastifyInstance, served: ReadonlyMap<string, Set<string>>) {
  // A snapshot: the routes added here are tracked too.
  const snapshot = [...served].map(([url, methods]) => [url, new Set(methods)] as const);
  for (const [url, methods] of snapshot) {
    const others = METHODS.filter((method) => !methods.has(method));
    if (others.length === 0) continue;
    const allow = [...methods, ...(methods.has('GET') ? ['HEAD'] : [])].sort().join(', ');
    app.route({
      method: others,
      url,
      schema: { hide: true } as FastifySchema,
      handler: async (request) => {
        throw new HttpError(405, `${request.method} is not allowed on ${url} (allowed: ${allow})`, {
          headers: { allow },
        });
      },
    });
  }
}

/** Records the methods of every route as it is added (for registerMethodNotAllowed). */
export function trackServedMethods(app: FastifyInstance): Map<string, Set<string>> {
  const served = new Map<string, Set<string>>();
  app.addHook('onRoute', (route) => {
    const methods = served.get(route.url) ?? new Set<string>();
    for (const method of [route.method].flat()) if (method !== 'HEAD') methods.add(method);
    served.set(route.url, methods);
  });
  return served;
}
