// Browsing history: events by selection with cursor paging (reads only the page it answers,
// and at most `scanBudget` entries for a filter that matches little), the NDJSON export of
// a whole selection (streamed, constant memory; off with REPLAY_EXPORT_ENABLED=false), one
// event with its causal chain, and the consumer groups of the namespace.
import {
  causalChain,
  chainToJson,
  eventToJson,
  exportEvents,
  findEvent,
  inspectGroups,
  MAX_QUERY_LIMIT,
  NotFoundError,
  parseSelection,
  parseTypes,
  queryEvents,
} from '@tickflow/replay';
import type { RouteContext, RouteRegistrar } from '@tickflow/service';
import { HttpError, streamReply } from '@tickflow/service';
import { z } from 'zod';
import type { ReplayApp, ReplayServiceConfig } from '../app.ts';
import { selectionQuery, toJson } from './schemas.ts';

type Context = RouteContext<ReplayServiceConfig, ReplayApp>;

const tags = ['history'];
const eventIdParams = z.object({
  id: z.string().regex(/^[0-9a-f-]{36}$/, { error: 'expected an event id (a UUID)' }),
});

export function historyRoutes(api: RouteRegistrar<Context>): void {
  api.route({
    method: 'GET',
    url: '/events',
    access: 'read',
    summary: 'Events of a selection, a page at a time, oldest or newest first',
    description:
      'The filter is CEL over the envelope (event_type, key/symbol, id, corr, cause, ts_event, ts_init) and `data`, e.g. `event_type == "fill" && decimal(data.price) > 9000.0`. A page reads at most scanBudget entries: a filter that matches little returns a short page and a cursor to go on.',
    tags,
    schema: {
      querystring: selectionQuery.extend({
        order: z.enum(['oldest', 'newest']).default('oldest'),
        limit: z.coerce.number().int().min(1).max(MAX_QUERY_LIMIT).default(100),
        cursor: z.string().max(16_384).optional(),
        scanBudget: z.coerce.number().int().min(1).max(100_000).optional(),
      }),
      response: { 200: z.unknown() },
    },
    handler: async ({ query }, { app, redis }) => {
      const { order, limit, cursor, scanBudget, ...selection } = query;
      const page = await queryEvents(redis, app.scope, parseSelection(selection, app.scope), {
        order,
        limit,
        cursor,
        scanBudget,
      });
      return toJson({ ...page, events: page.events.map(eventToJson) });
    },
  });
  api.route({
    method: 'GET',
    url: '/events/export',
    access: 'read',
    summary: 'The whole selection as NDJSON, one event per line, streamed',
    tags,
    schema: {
      querystring: selectionQuery,
      response: { 200: { content: { 'application/x-ndjson': { schema: z.string() } } } },
    },
    handler: async ({ query, signal }, { app, config, redis }) => {
      if (!config.REPLAY_EXPORT_ENABLED)
        throw new HttpError(403, 'export is disabled here (REPLAY_EXPORT_ENABLED=false)');
      const selection = parseSelection(query, app.scope);
      return streamReply('application/x-ndjson', exportEvents(redis, app.scope, selection, { signal }));
    },
  });
  api.route({
    method: 'GET',
    url: '/events/:id',
    access: 'read',
    summary:
      'One event by id; with chain=true its causal chain (tick → signal → order → fills) and the time of each hop',
    tags,
    schema: {
      params: eventIdParams,
      querystring: z.strictObject({
        chain: z.enum(['true', 'false']).default('false'),
        type: z.string().optional(),
        symbol: z.string().optional(),
      }),
      response: { 200: z.unknown() },
    },
    handler: async ({ params, query }, { app, redis }) => {
      const type = query.type === undefined ? undefined : parseTypes(query.type)[0];
      const hints = { ...(type ? { type } : {}), ...(query.symbol ? { symbol: query.symbol } : {}) };
      if (query.chain === 'true') {
        return toJson(chainToJson(await causalChain(redis, app.scope, params.id, hints)));
      }
      const found = await findEvent(redis, app.scope, params.id, hints);
      if (!found) throw new NotFoundError(`no event ${params.id} in namespace ${app.scope.namespace}`);
      return toJson(eventToJson(found));
    },
  });
  api.route({
    method: 'GET',
    url: '/groups',
    access: 'read',
    summary:
      'Consumer groups per partition: lag, pending, oldest pending age, consumers, lease owner, checkpoint',
    description: 'lag is absent when Redis cannot tell it (after XDEL/XTRIM): it is never guessed as 0.',
    tags: ['consumer groups'],
    schema: {
      querystring: z.strictObject({ group: z.string().optional(), types: z.string().optional() }),
      response: { 200: z.unknown() },
    },
    handler: async ({ query }, { app, redis }) => ({
      partitions: toJson(
        await inspectGroups(redis, app.scope, {
          ...(query.group === undefined ? {} : { group: query.group }),
          ...(query.types === undefined ? {} : { types: parseTypes(query.types) }),
        }),
      ),
    }),
  });
}
