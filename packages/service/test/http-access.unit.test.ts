// Bearer tokens: `read` routes take either token, `operator` routes only the operator's; a
// missing or wrong token is a 401 with a Bearer challenge, the read token on an operator
// route a 403. Without tokens every route is open (and the kit warns once).
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Caller, RouteRegistrar } from '../src/index.ts';
import { bearer, OPERATOR_TOKEN, READ_TOKEN, testApp } from './support/http-app.ts';

function routes(api: RouteRegistrar<{ readonly calls: Caller[] }>): void {
  for (const access of ['public', 'read', 'operator'] as const) {
    api.route({
      method: 'GET',
      url: `/${access}`,
      access,
      summary: `A ${access} route`,
      schema: { response: { 200: z.object({ caller: z.string() }) } },
      handler: ({ caller }, { calls }) => {
        calls.push(caller);
        return { caller };
      },
    });
  }
}

async function appWith(tokens: { read?: string; operator?: string }) {
  const calls: Caller[] = [];
  const http = await testApp({ routes, tokens });
  http.serve({ calls });
  const call = (url: string, headers: Record<string, string> = {}) => http.app.inject({ url, headers });
  return { http, calls, call };
}

describe('with both tokens configured', () => {
  it('lets each token reach its routes and tells the handler who called', async () => {
    const { call, calls } = await appWith({ read: READ_TOKEN, operator: OPERATOR_TOKEN });
    expect((await call('/read', bearer(READ_TOKEN))).json()).toEqual({ caller: 'read' });
    expect((await call('/read', bearer(OPERATOR_TOKEN))).json()).toEqual({ caller: 'operator' });
    expect((await call('/operator', bearer(OPERATOR_TOKEN))).json()).toEqual({ caller: 'operator' });
    expect((await call('/operator', { authorization: `bearer  ${OPERATOR_TOKEN}` })).statusCode).toBe(200);
    expect((await call('/public')).json()).toEqual({ caller: 'anonymous' });
    expect(calls).toEqual(['read', 'operator', 'operator', 'operator', 'anonymous']);
  });

  it('answers 401 with a Bearer challenge without a valid token, and never runs the handler', async () => {
    const { call, calls } = await appWith({ read: READ_TOKEN, operator: OPERATOR_TOKEN });
    for (const url of ['/read', '/operator']) {
      const missing = await call(url);
      expect(missing.statusCode).toBe(401);
      expect(missing.headers['www-authenticate']).toBe('Bearer realm="http-test"');
      expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
      for (const headers of [
        bearer(`${READ_TOKEN}x`),
        bearer(READ_TOKEN.slice(0, -1)),
        { authorization: READ_TOKEN },
      ]) {
        const wrong = await call(url, headers);
        expect(wrong.statusCode).toBe(401);
        expect(wrong.headers['www-authenticate']).toMatch(/^Bearer realm="http-test"/);
      }
    }
    expect(calls).toEqual([]);
  });

  it('answers 403 to the read token on an operator route', async () => {
    const { call, calls } = await appWith({ read: READ_TOKEN, operator: OPERATOR_TOKEN });
    const response = await call('/operator', bearer(READ_TOKEN));
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ status: 403, title: 'Forbidden' });
    expect(calls).toEqual([]);
  });

  it('checks the token before the request is validated', async () => {
    const { http } = await appWith({ read: READ_TOKEN, operator: OPERATOR_TOKEN });
    expect((await http.app.inject({ method: 'GET', url: '/operator?unexpected=1' })).statusCode).toBe(401);
  });

  it('keeps the kit’s endpoints public', async () => {
    const { call } = await appWith({ read: READ_TOKEN, operator: OPERATOR_TOKEN });
    for (const url of ['/healthz', '/readyz', '/metrics', '/openapi.json'])
      expect((await call(url)).statusCode, url).toBe(200);
  });
});

describe('with only the read token', () => {
  it('opens read routes to it and closes operator routes to everyone', async () => {
    const { call } = await appWith({ read: READ_TOKEN });
    expect((await call('/read', bearer(READ_TOKEN))).statusCode).toBe(200);
    expect((await call('/operator', bearer(READ_TOKEN))).statusCode).toBe(403);
    expect((await call('/operator', bearer(OPERATOR_TOKEN))).statusCode).toBe(401);
  });

  it('warns at start that operator routes are closed', async () => {
    const { http } = await appWith({ read: READ_TOKEN });
    expect(http.logLines().map((line) => line.msg)).toContain(
      'API_OPERATOR_TOKEN is not set: operator routes refuse every call',
    );
  });
});

describe('without tokens', () => {
  it('leaves every route open to anonymous callers and warns once that the API is unauthenticated', async () => {
    const { call, calls, http } = await appWith({});
    for (const url of ['/public', '/read', '/operator']) expect((await call(url)).statusCode).toBe(200);
    expect((await call('/operator', bearer(OPERATOR_TOKEN))).json()).toEqual({ caller: 'anonymous' });
    expect(calls).toEqual(['anonymous', 'anonymous', 'anonymous', 'anonymous']);
    const warnings = http.logLines().filter((line) => /unauthenticated/.test(String(line.msg)));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.level).toBe(40);
  });
});
