// The kill-switch API, on the kit's HTTP server (HTTP_PORT): GET reads the state from Redis
// (read access), PUT sets it (operator access). A PUT is logged with who called: the audit trail.
import type { KitConfig, RouteContext, RouteRegistrar } from '@tickflow/service';
import { z } from 'zod';
import { KILL_SWITCH_STATES, type KillSwitch } from './kill-switch.ts';

/** What setup() hands the routes. */
export interface RouterApp {
  readonly killSwitch: KillSwitch;
}

type Context = RouteContext<KitConfig, RouterApp>;

const state = z.enum(KILL_SWITCH_STATES);
const tags = ['kill switch'];

export function orderRouterRoutes(api: RouteRegistrar<Context>): void {
  api.route({
    method: 'GET',
    url: '/kill-switch',
    access: 'read',
    summary: 'The kill switch’s state, read from Redis',
    tags,
    schema: { querystring: z.strictObject({}), response: { 200: z.object({ state }) } },
    handler: async (_request, { app }) => ({ state: await app.killSwitch.refresh() }),
  });
  api.route({
    method: 'PUT',
    url: '/kill-switch',
    access: 'operator',
    summary: 'Sets the kill switch',
    description:
      'ACTIVE: every order may pass; REDUCING: only orders that shrink a position without flipping it; HALTED: none. Applies at once on this instance, within the poll interval on others.',
    tags,
    schema: {
      body: z.object({ state }),
      response: { 200: z.object({ state, previous: state }) },
    },
    handler: async ({ body, caller }, { app, logger }) => {
      const previous = await app.killSwitch.refresh();
      await app.killSwitch.set(body.state);
      logger.warn({ state: body.state, previous, caller }, 'kill switch set through the API');
      return { state: body.state, previous };
    },
  });
}
