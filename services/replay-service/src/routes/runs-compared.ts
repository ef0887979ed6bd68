// Determinism: a run's digest (orders and fills in canonical form), and two runs compared
// event by event — the first divergent event of each type with both sides, or identical.
import { diffNamespaces, digestNamespace, parseTypes } from '@tickflow/replay';
import type { KitConfig, RouteContext, RouteRegistrar } from '@tickflow/service';
import { z } from 'zod';
import type { ReplayApp } from '../app.ts';
import { toJson } from './schemas.ts';

type Context = RouteContext<KitConfig, ReplayApp>;

const namespace = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, { error: 'expected a namespace' });
const tags = ['determinism'];

export function comparisonRoutes(api: RouteRegistrar<Context>): void {
  api.route({
    method: 'GET',
    url: '/digest',
    access: 'read',
    summary:
      "A run's determinism digest (default its orders and fills; every field but ts_init and traceparent)",
    tags,
    schema: {
      querystring: z.strictObject({ namespace: namespace.optional(), types: z.string().optional() }),
      response: { 200: z.unknown() },
    },
    handler: async ({ query }, { app, redis }) => {
      const scope = { ...app.scope, namespace: query.namespace ?? app.scope.namespace };
      return toJson(
        await digestNamespace(redis, scope, query.types === undefined ? undefined : parseTypes(query.types)),
      );
    },
  });
  api.route({
    method: 'GET',
    url: '/diff',
    access: 'read',
    summary: 'Two runs compared: the first divergent event of each type with both sides, or identical',
    tags,
    schema: {
      querystring: z.strictObject({ left: namespace, right: namespace, types: z.string().optional() }),
      response: { 200: z.unknown() },
    },
    handler: async ({ query }, { app, redis }) =>
      toJson(
        await diffNamespaces(
          redis,
          { ...app.scope, namespace: query.left },
          { ...app.scope, namespace: query.right },
          query.types === undefined ? undefined : parseTypes(query.types),
        ),
      ),
  });
}
