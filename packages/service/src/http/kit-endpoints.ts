// The kit's own endpoints, public on every service: liveness, readiness, Prometheus metrics and
// the OpenAPI document. Kubernetes probes /healthz (the process answers) and /readyz
// (connected, set up, consumers running).
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { z } from 'zod';

export interface KitEndpointsOptions {
  readonly registry: Registry;
  /** Names of the checks that are not ready; empty when ready. */
  readonly notReady: () => string[];
}

const text = (description: string) => ({
  description,
  content: { 'text/plain': { schema: z.string() } },
});

export function registerKitEndpoints(app: FastifyInstance, options: KitEndpointsOptions): void {
  const tags = ['kit'];
  app.get(
    '/healthz',
    { schema: { summary: 'Liveness: the process answers', tags, response: { 200: text('ok') } } },
    async (_request, reply) => reply.type('text/plain').send('ok\n'),
  );
  app.get(
    '/readyz',
    {
      schema: {
        summary: 'Readiness: Redis connected, set up, every consumer running',
        tags,
        response: { 200: text('ready'), 503: text('not ready: the checks that are not ready') },
      },
    },
    async (_request, reply) => {
      const waiting = options.notReady();
      return reply
        .code(waiting.length === 0 ? 200 : 503)
        .type('text/plain')
        .send(waiting.length === 0 ? 'ready\n' : `not ready: ${waiting.join(', ')}\n`);
    },
  );
  app.get(
    '/metrics',
    { schema: { summary: 'Prometheus metrics', tags, response: { 200: text('the exposition format') } } },
    async (_request, reply) =>
      reply.type(options.registry.contentType).send(await options.registry.metrics()),
  );
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
