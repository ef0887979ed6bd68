// Repairs, behind the operator token and in the audit log: dead letters listed and requeued
// (dry run first), group rewinds planned, applied and undone; and the audit log itself.
import {
  applyRewindAction,
  listDeadLetters,
  parseKinds,
  parsePartitions,
  parseTypes,
  planRewindAction,
  type RewindPlan,
  readAudit,
  readSavedRewind,
  requeueAction,
  undoRewindAction,
} from '@tickflow/replay';
import type { KitConfig, RouteContext, RouteRegistrar } from '@tickflow/service';
import { HttpError } from '@tickflow/service';
import { z } from 'zod';
import type { ReplayApp } from '../app.ts';
import { actorOf } from '../caller.ts';
import { toJson } from './schemas.ts';

type Context = RouteContext<KitConfig, ReplayApp>;

const anyJson = z.unknown();
const group = z.object({
  group: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { error: 'expected a group name' }),
});
const list = z.union([z.string(), z.array(z.string())]).optional();
const limit = z.coerce.number().int().min(1).max(1_000).default(100);

export function operationRoutes(api: RouteRegistrar<Context>): void {
  api.route({
    method: 'GET',
    url: '/dlq',
    access: 'read',
    summary: 'Dead letters: kind, reason, deliveries, original stream and entry; counts per stream and kind',
    tags: ['dead letters'],
    schema: {
      querystring: z.strictObject({
        types: z.string().optional(),
        partitions: z.string().optional(),
        kinds: z.string().optional(),
        limit,
        cursor: z.string().optional(),
      }),
      response: { 200: anyJson },
    },
    handler: async ({ query }, { app, redis }) => {
      const kinds = parseKinds(query.kinds);
      const partitions = parsePartitions(query.partitions, app.scope);
      return toJson(
        await listDeadLetters(redis, app.scope, {
          limit: query.limit,
          ...(query.types === undefined ? {} : { types: parseTypes(query.types) }),
          ...(partitions ? { partitions } : {}),
          ...(kinds ? { kinds } : {}),
          ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
        }),
      );
    },
  });
  api.route({
    method: 'POST',
    url: '/dlq/requeue',
    access: 'operator',
    summary: 'Requeues dead letters by ref or by match, in chunks, idempotently, with provenance',
    description: 'dryRun is required: run it true first to see the count, then false to requeue.',
    tags: ['dead letters'],
    schema: {
      body: z.strictObject({
        refs: list,
        kinds: list,
        types: list,
        partitions: list,
        reason: z.string().optional(),
        filter: z.string().max(4_096).optional(),
        dryRun: z.boolean(),
        chunkSize: z.number().int().min(1).max(1_000).optional(),
        limit: z.number().int().min(1).max(100_000).optional(),
      }),
      response: { 200: anyJson },
    },
    handler: async ({ body, caller, headers }, { app, redis }) =>
      toJson(await requeueAction(redis, app.scope, actorOf(caller, headers), body)),
  });
  api.route({
    method: 'POST',
    url: '/groups/:group/rewind/plan',
    access: 'read',
    summary: 'Plans a rewind: per partition the old and new position and how many entries come again',
    tags: ['consumer groups'],
    schema: {
      params: group,
      body: z.strictObject({ to: z.string(), types: list }),
      response: { 200: anyJson },
    },
    handler: async ({ params, body }, { app, redis }) =>
      toJson(await planRewindAction(redis, app.scope, { group: params.group, ...body })),
  });
  api.route({
    method: 'POST',
    url: '/groups/:group/rewind',
    access: 'operator',
    summary: 'Applies a reviewed rewind plan (refused while the group has live consumers, unless forced)',
    tags: ['consumer groups'],
    schema: {
      params: group,
      body: z.strictObject({ plan: z.looseObject({ group: z.string() }), force: z.boolean().default(false) }),
      response: { 200: anyJson },
    },
    handler: async ({ params, body, caller, headers }, { app, redis }) => {
      if (body.plan.group !== params.group) {
        throw new HttpError(400, `the plan is for group ${body.plan.group}, not ${params.group}`);
      }
      const plan = body.plan as unknown as RewindPlan;
      return toJson(await applyRewindAction(redis, app.scope, actorOf(caller, headers), plan, body.force));
    },
  });
  api.route({
    method: 'POST',
    url: '/groups/:group/rewind/undo',
    access: 'operator',
    summary: 'Puts the group back where its last rewind found it',
    tags: ['consumer groups'],
    schema: {
      params: group,
      body: z.strictObject({ force: z.boolean().default(false) }).default({ force: false }),
      response: { 200: anyJson },
    },
    handler: async ({ params, body, caller, headers }, { app, redis }) =>
      toJson(await undoRewindAction(redis, app.scope, actorOf(caller, headers), params.group, body.force)),
  });
  api.route({
    method: 'GET',
    url: '/groups/:group/rewind',
    access: 'read',
    summary: 'The last rewind of the group (what an undo would put back)',
    tags: ['consumer groups'],
    schema: { params: group, response: { 200: anyJson } },
    handler: async ({ params }, { app, redis }) => {
      const saved = await readSavedRewind(redis, app.scope, params.group);
      if (!saved) throw new HttpError(404, `group ${params.group} has no rewind to undo`);
      return toJson(saved);
    },
  });
  api.route({
    method: 'GET',
    url: '/audit',
    access: 'read',
    summary: 'The operator audit log: who did what, when, with which parameters, and how it ended',
    tags: ['audit'],
    schema: {
      querystring: z.strictObject({
        limit,
        cursor: z.string().optional(),
        order: z.enum(['newest', 'oldest']).default('newest'),
        action: z.string().optional(),
        by: z.string().optional(),
      }),
      response: { 200: anyJson },
    },
    handler: async ({ query }, { app, redis }) => {
      const { action, by, cursor, ...rest } = query;
      return toJson(
        await readAudit(redis, app.scope.namespace, {
          ...rest,
          ...(action === undefined ? {} : { action }),
          ...(by === undefined ? {} : { by }),
          ...(cursor === undefined ? {} : { cursor }),
        }),
      );
    },
  });
}
