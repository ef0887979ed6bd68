// The service's one HTTP server (fastify): the kit's endpoints and the service's own routes on
// HTTP_PORT, zod-validated, documented at /openapi.json, every error a problem document. It
// listens before Redis is reachable; the service's routes answer once serve() hands them the
// context (see decision 0015).
import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Registry } from 'prom-client';
import type { Logger } from '../logger.ts';
import { type Access, type ApiTokens, createAuthorizer } from './access.ts';
import { type ErrorMap, problemOf } from './error-problems.ts';
import { registerKitEndpoints } from './kit-endpoints.ts';
import { HttpError, PROBLEM_CONTENT_TYPE } from './problem.ts';
import type { RouteRegistrar } from './route.ts';
import {
  collectRoutes,
  registerMethodNotAllowed,
  registerServiceRoutes,
  trackServedMethods,
} from './service-routes.ts';

export interface HttpAppOptions<Context> {
  /** The service's name: the OpenAPI title and the bearer realm. */
  readonly service: string;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly notReady: () => string[];
  /** Requests with a larger body are refused with 413. */
  readonly bodyLimitBytes: number;
  readonly tokens: ApiTokens;
  readonly routes?: ((api: RouteRegistrar<Context>) => void) | undefined;
  readonly errorMap?: ErrorMap | undefined;
}

export interface HttpApp<Context> {
  /** The fastify instance, ready (routes registered): inject() for tests, listen() to serve. */
  readonly app: FastifyInstance;
  /** From now on the service's routes answer; before, they answer 503 "starting". */
  serve(context: Context): void;
}

export async function buildHttpApp<Context>(options: HttpAppOptions<Context>): Promise<HttpApp<Context>> {
  const app = Fastify({
    loggerInstance: options.logger.child({ component: 'http' }) as FastifyBaseLogger,
    // Probes and scrapes every few seconds: no log line per request.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimitBytes,
    // Closing is the last step of a stop: a stream still open is cut, not waited for.
    forceCloseConnections: true,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const errorMap = options.errorMap;
  app.setErrorHandler((error, request, reply) => {
    const { problem, headers, unexpected } = problemOf(error, errorMap);
    if (unexpected)
      request.log.error({ err: error, method: request.method, url: request.url }, 'request failed');
    else request.log.debug({ status: problem.status, detail: problem.detail }, 'request refused');
    return reply.code(problem.status).headers(headers).type(PROBLEM_CONTENT_TYPE).send(problem);
  });
  app.setNotFoundHandler(async (request) => {
    throw new HttpError(404, `no route ${request.method} ${request.url.split('?')[0]}`);
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: `${options.service} API`, version: '1' },
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'API_READ_TOKEN (read routes) or API_OPERATOR_TOKEN (read and operator routes)',
          },
        },
      },
    },
    transform: jsonSchemaTransform,
  });

  const served = trackServedMethods(app);
  registerKitEndpoints(app, { registry: options.registry, notReady: options.notReady });
  const routes = collectRoutes(options.routes);
  const authorizer = createAuthorizer(options.tokens, options.service);
  warnAboutAccess(options.logger, options.tokens, new Set(routes.map((route) => route.access)));
  let context: Context | undefined;
  registerServiceRoutes(app, { routes, authorizer, context: () => context });
  registerMethodNotAllowed(app, served);
  await app.ready();
  return {
    app,
    serve: (value) => {
      context = value;
    },
  };
}

/** Said once, at start: an API open to anyone, or operator routes nobody can call. */
function warnAboutAccess(logger: Logger, tokens: ApiTokens, accesses: ReadonlySet<Access>): void {
  const guarded = accesses.has('read') || accesses.has('operator');
  if (guarded && tokens.read === undefined && tokens.operator === undefined)
    logger.warn(
      'API_READ_TOKEN and API_OPERATOR_TOKEN are not set: the API is unauthenticated, every route is open',
    );
  else if (accesses.has('operator') && tokens.read !== undefined && tokens.operator === undefined)
    logger.warn('API_OPERATOR_TOKEN is not set: operator routes refuse every call');
}

export interface HttpServer<Context> {
  readonly port: number;
  serve(context: Context): void;
  close(): Promise<void>;
}

export async function startHttpServer<Context>(
  options: HttpAppOptions<Context> & { readonly host: string; readonly port: number },
): Promise<HttpServer<Context>> {
  const { app, serve } = await buildHttpApp(options);
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : options.port,
    serve,
    close: () => app.close(),
  };
}
