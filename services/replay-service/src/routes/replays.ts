// /replays: start a run (a selection, a speed, a target namespace), list and read runs with
// their progress, and control a running one: pause, resume, step, speed, cancel, continue
// after an interruption. Every mutating call goes to the audit log.

import {
  continueReplayAction,
  controlReplayAction,
  type ReplayControl,
  type RunRecord,
  startReplayAction,
} from '@tickflow/replay';
import type { KitConfig, RouteContext, RouteRegistrar } from '@tickflow/service';
import { z } from 'zod';
import type { ReplayApp } from '../app.ts';
import { actorOf } from '../caller.ts';
import { selectionSchema } from './schemas.ts';

type Context = RouteContext<KitConfig, ReplayApp>;

const tags = ['replays'];
const runSchema = z.object({
  id: z.string(),
  source: z.string(),
  partitions: z.number(),
  target: z.string().describe('the namespace replayed into'),
  selection: z.record(z.string(), z.unknown()),
  speed: z.string(),
  by: z.string(),
  state: z.enum(['running', 'paused', 'completed', 'cancelled', 'failed', 'interrupted']),
  total: z.number().describe('entries in the selected range'),
  scanned: z.number().describe('entries of the range gone through'),
  replayed: z.number().describe('selected events written to the target'),
  present: z.number().describe('selected events the target already held (a resumed run)'),
  startedAt: z.number(),
  endedAt: z.number().optional(),
  error: z.string().optional(),
  ratePerSec: z.number().optional(),
  etaMs: z.number().optional(),
});
const idParams = z.object({ id: z.string().regex(/^[a-z0-9]{1,24}$/, { error: 'expected a run id' }) });

export function replayRoutes(api: RouteRegistrar<Context>): void {
  api.route({
    method: 'POST',
    url: '/replays',
    access: 'operator',
    summary: 'Starts a replay of the selected history into an isolated namespace',
    description:
      'Checks everything first (selection, filter, speed, retention, a target that is not the source and holds no history), then answers 202 with the run; progress at GET /replays/{id}.',
    tags,
    schema: {
      body: selectionSchema.extend({
        speed: z.string().default('max').describe('max, step, realtime, or a factor like 10x'),
        target: z.string().optional().describe('target namespace; default replay-<run id>'),
      }),
      response: { 202: runSchema },
    },
    handler: async ({ body, caller, headers }, { app, redis }, reply) => {
      const { speed, target, ...selection } = body;
      const record = await startReplayAction(redis, app.manager, actorOf(caller, headers), {
        selection,
        speed,
        target,
      });
      reply.status(202);
      return record;
    },
  });
  api.route({
    method: 'GET',
    url: '/replays',
    access: 'read',
    summary: 'Every replay run of this namespace, newest first',
    tags,
    schema: { querystring: z.strictObject({}), response: { 200: z.object({ runs: z.array(runSchema) }) } },
    // The stored records are saved at most once a second (and not on a pause): a run of this
    // process is shown with its live progress, as GET /replays/{id} shows it.
    handler: async (_request, { app }) => ({
      runs: (await app.manager.list()).map((record) => withLive(app, record)),
    }),
  });
  api.route({
    method: 'GET',
    url: '/replays/:id',
    access: 'read',
    summary: 'One run with its progress: done / total, rate, ETA',
    tags,
    schema: { params: idParams, response: { 200: runSchema } },
    handler: async ({ params }, { app }) => withLive(app, await app.manager.get(params.id)),
  });

  const control = (
    action: string,
    summary: string,
    body: z.ZodType,
    toControl: (body: never) => ReplayControl | 'continue',
  ) =>
    api.route({
      method: 'POST',
      url: `/replays/:id/${action}`,
      access: 'operator',
      summary,
      tags,
      schema: { params: idParams, body, response: { 200: runSchema } },
      handler: async ({ params, body: parsed, caller, headers }, { app, redis }) => {
        const by = actorOf(caller, headers);
        const what = toControl(parsed as never);
        if (what === 'continue') await continueReplayAction(redis, app.manager, by, params.id);
        else await controlReplayAction(redis, app.manager, by, params.id, what);
        return withLive(app, await app.manager.get(params.id));
      },
    });
  const none = z.object({}).default({});
  control('pause', 'Pauses a running replay', none, () => ({ action: 'pause' }));
  control('resume', 'Resumes a paused replay', none, () => ({ action: 'resume' }));
  control('cancel', 'Cancels a replay for good (what it wrote stays)', none, () => ({ action: 'cancel' }));
  control(
    'step',
    'Step mode: writes the next `count` events, answers once they are written (409 while paused)',
    z.object({ count: z.number().int().min(1).max(100_000).default(1) }),
    (body: { count: number }) => ({ action: 'step', count: body.count }),
  );
  control(
    'speed',
    'Changes the speed of a running or paused replay',
    z.object({ speed: z.string() }),
    (body: { speed: string }) => ({ action: 'speed', speed: body.speed }),
  );
  control('continue', 'Continues an interrupted or failed run where its target got', none, () => 'continue');
}

/** The record with the live progress (state, counts, rate, ETA) when the run runs in this process. */
function withLive(app: ReplayApp, record: RunRecord): RunRecord & { ratePerSec?: number; etaMs?: number } {
  const live = app.manager.live(record.id);
  if (!live) return record;
  const { id: _id, target: _target, startedAt: _startedAt, ...progress } = live;
  return { ...record, ...progress };
}
