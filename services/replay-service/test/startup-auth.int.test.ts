// replay-service refuses to run with its API open, and guards its routes: no token → 401,
// the read token on an operator route → 403; /openapi.json (public) documents every route.
import { describe, expect, it } from 'vitest';
import { redisForThisFile } from './support/file-redis.ts';
import { call, READ_TOKEN } from './support/http.ts';
import { spawnReplayService, startReplayService } from './support/replay-service.ts';

const file = redisForThisFile();
const SOURCE = { namespace: 'auth', partitions: 2 };

describe('replay-service start-up and access', () => {
  it('exits 2 without the API tokens, naming each missing variable', async () => {
    const neither = spawnReplayService({
      url: 'redis://127.0.0.1:1',
      ...SOURCE,
      env: { API_READ_TOKEN: '', API_OPERATOR_TOKEN: '' },
    });
    expect(await neither.exited).toBe(2);
    expect(neither.output()).toMatch(/API_READ_TOKEN: missing: this service requires API tokens/);
    expect(neither.output()).toMatch(/API_OPERATOR_TOKEN: missing: this service requires API tokens/);

    const readOnly = spawnReplayService({
      url: 'redis://127.0.0.1:1',
      ...SOURCE,
      env: { API_OPERATOR_TOKEN: '' },
    });
    expect(await readOnly.exited).toBe(2);
    expect(readOnly.output()).toContain('API_OPERATOR_TOKEN: missing');
    expect(readOnly.output()).not.toContain('API_READ_TOKEN');
  });

  it('answers 401 without a token, 403 for the read token on an operator route, and lists its routes', async () => {
    const { api } = await startReplayService({ url: file.server.url, ...SOURCE });

    const anonymous = await fetch(`${api}/replays`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="replay-service"');
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    expect((await call(api, 'POST', '/replays', { token: null, body: {} })).status).toBe(401);
    expect((await call(api, 'GET', '/replays', { token: 'not-the-right-token-at-all' })).status).toBe(401);

    const readOnPost = await call(api, 'POST', '/replays', { token: READ_TOKEN, body: { types: 'md' } });
    expect(readOnPost.status).toBe(403);
    expect(readOnPost.contentType).toContain('application/problem+json');
    for (const path of ['/dlq/requeue', '/groups/g/rewind', '/groups/g/rewind/undo', '/replays/abc/pause']) {
      expect((await call(api, 'POST', path, { token: READ_TOKEN, body: {} })).status, path).toBe(403);
    }
    // Nothing was started by the refused calls.
    expect(await call(api, 'GET', '/replays', { token: READ_TOKEN })).toMatchObject({
      status: 200,
      body: { runs: [] },
    });

    const openapi = await call<{ paths: Record<string, Record<string, unknown>> }>(
      api,
      'GET',
      '/openapi.json',
      {
        token: null,
      },
    );
    expect(openapi.status).toBe(200);
    const routes = Object.entries(openapi.body.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /replays',
        'GET /replays',
        'GET /replays/{id}',
        ...['pause', 'resume', 'step', 'speed', 'cancel', 'continue'].map(
          (action) => `POST /replays/{id}/${action}`,
        ),
        'GET /dlq',
        'POST /dlq/requeue',
        'POST /groups/{group}/rewind/plan',
        'POST /groups/{group}/rewind',
        'POST /groups/{group}/rewind/undo',
        'GET /groups/{group}/rewind',
        'GET /audit',
        'GET /digest',
        'GET /diff',
      ]),
    );
  });
});
