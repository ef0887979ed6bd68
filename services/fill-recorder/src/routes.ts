// The query API, on the kit's HTTP server (HTTP_PORT): positions and PnL from the acked books
// in Redis, fills from the fill streams, and the rebuild check. Read access: with API tokens
// configured, either token.
import type { KitConfig, RouteContext, RouteRegistrar } from '@tickflow/service';
import { z } from 'zod';
import { fillsAnswer, pnlAnswer, positionsAnswer, rebuildCheckAnswer } from './api-schemas.ts';
import { mergeBooks } from './book.ts';
import { queryFills } from './fills.ts';
import { readCheckpoints, type Scope } from './ledger-store.ts';
import { fillsQuerySchema } from './query.ts';
import { rebuildCheck } from './rebuild.ts';
import { pnlView, positionsView } from './views.ts';

type Context = RouteContext<KitConfig>;

const noParameters = z.strictObject({});
const tags = ['ledger'];

const scopeOf = ({ config }: Context): Scope => ({
  namespace: config.TICKFLOW_NAMESPACE,
  partitions: config.TICKFLOW_PARTITIONS,
});

const bookOf = async (context: Context) =>
  mergeBooks((await readCheckpoints(context.redis, scopeOf(context))).map((checkpoint) => checkpoint.book));

export function fillRecorderRoutes(api: RouteRegistrar<Context>): void {
  api.route({
    method: 'GET',
    url: '/positions',
    access: 'read',
    summary: 'Positions per symbol and per strategy, from the acked ledger',
    tags,
    schema: { querystring: noParameters, response: { 200: positionsAnswer } },
    handler: async (_request, context) => positionsView(await bookOf(context)),
  });
  api.route({
    method: 'GET',
    url: '/pnl',
    access: 'read',
    summary: 'Realized and unrealized PnL and commissions, in total, per symbol and per strategy',
    description:
      'Mark: the price of the symbol’s latest fill by event time (ties: the greater execution id).',
    tags,
    schema: { querystring: noParameters, response: { 200: pnlAnswer } },
    handler: async (_request, context) => ({
      mark: 'latest fill by event time, per symbol',
      ...pnlView(await bookOf(context)),
    }),
  });
  api.route({
    method: 'GET',
    url: '/fills',
    access: 'read',
    summary: 'Fills from the fill streams, each execution once, filtered and paged',
    tags,
    schema: { querystring: fillsQuerySchema, response: { 200: fillsAnswer } },
    handler: ({ query }, context) => queryFills(context.redis, scopeOf(context), query),
  });
  api.route({
    method: 'GET',
    url: '/ledger/rebuild-check',
    access: 'read',
    summary: 'Rebuilds the ledger from the fill streams and compares it with the live one',
    tags,
    schema: { querystring: noParameters, response: { 200: rebuildCheckAnswer } },
    handler: async (_request, context) => {
      const check = await rebuildCheck(context.redis, scopeOf(context));
      return { identical: check.identical, fills: check.live.fills };
    },
  });
}
