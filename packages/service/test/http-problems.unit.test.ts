// Every error the kit's HTTP server answers is an RFC 9457 problem: rejected fields named,
// 404/405/413, a handler's HttpError, a service's mapped error classes, a 500 that says
// nothing of the error, and 503 "starting" before the service has set up.
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HttpError, type RouteRegistrar } from '../src/index.ts';
import { type TestApp, testApp } from './support/http-app.ts';

// As replay's: a field-level error with the parameter and the position at fault.
class BadInputError extends Error {
  readonly parameter: string;
  readonly position: number | undefined;
  constructor(parameter: string, message: string, position?: number) {
    super(`${parameter}: ${message}`);
    this.name = 'BadInputError';
    this.parameter = parameter;
    this.position = position;
  }
}
class ConflictError extends Error {}

interface Orders {
  readonly orders: Map<string, string>;
}

const id = z.object({ id: z.string().regex(/^o-\d+$/, { error: 'expected o-<digits>' }) });

function routes(api: RouteRegistrar<Orders>): void {
  api.route({
    method: 'GET',
    url: '/orders/:id',
    access: 'public',
    summary: 'One order',
    schema: {
      params: id,
      querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(100).optional() }),
      response: { 200: z.object({ id: z.string(), state: z.string() }) },
    },
    handler: ({ params }, { orders }) => {
      const state = orders.get(params.id);
      if (state === undefined)
        throw new HttpError(404, `no order ${params.id}`, { extensions: { id: params.id } });
      return { id: params.id, state };
    },
  });
  api.route({
    method: 'PUT',
    url: '/orders/:id',
    access: 'public',
    summary: 'Sets an order’s state',
    schema: {
      params: id,
      body: z.object({ state: z.enum(['OPEN', 'CLOSED']), note: z.string().max(10).optional() }),
    },
    handler: ({ params, body }, { orders }, reply) => {
      if (orders.get(params.id) === body.state)
        throw new ConflictError(`${params.id} is already ${body.state}`);
      orders.set(params.id, body.state);
      reply.status(204);
    },
  });
  api.route({
    method: 'GET',
    url: '/search',
    access: 'public',
    summary: 'Fails as the service’s library does',
    schema: {},
    handler: () => {
      throw new BadInputError('filter', 'unexpected ")"', 7);
    },
  });
  api.route({
    method: 'GET',
    url: '/boom',
    access: 'public',
    summary: 'Fails unexpectedly',
    schema: {},
    handler: () => {
      throw new Error('cannot open /etc/tickflow/secret.key');
    },
  });
}

const problem = (response: LightMyRequestResponse) => {
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  return response.json() as {
    type: string;
    title: string;
    status: number;
    detail: string;
    [k: string]: unknown;
  };
};

let http: TestApp<Orders>;
beforeAll(async () => {
  http = await testApp<Orders>({
    routes,
    errorMap: [
      [BadInputError, 400],
      [ConflictError, 409],
    ],
  });
  http.serve({ orders: new Map([['o-1', 'OPEN']]) });
});

describe('problem details', () => {
  it('answers a valid request', async () => {
    const response = await http.app.inject('/orders/o-1?limit=5');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ id: 'o-1', state: 'OPEN' });
  });

  it.each([
    ['/orders/o-1?limit=0', 'limit'],
    ['/orders/o-1?limit=ten', 'limit'],
    ['/orders/nope', 'id'],
    ['/orders/o-1?sort=asc', 'sort'],
  ])('rejects %s with a 400 naming %s', async (url, parameter) => {
    const body = problem(await http.app.inject(url));
    expect(body).toMatchObject({ type: 'about:blank', title: 'Bad Request', status: 400 });
    expect(body.errors).toEqual([{ parameter, message: expect.any(String) }]);
    expect(body.detail).toMatch(new RegExp(`^${parameter}: `));
  });

  it('names each bad field of a body, and the body itself when it is missing or malformed', async () => {
    const put = (payload: string) =>
      http.app.inject({
        method: 'PUT',
        url: '/orders/o-2',
        payload,
        headers: { 'content-type': 'application/json' },
      });
    const fields = problem(await put(JSON.stringify({ state: 'PAUSED', note: 'far too long a note' })));
    expect((fields.errors as { parameter: string }[]).map((e) => e.parameter).sort()).toEqual([
      'note',
      'state',
    ]);
    expect(problem(await put('{"state":')).status).toBe(400);
    const missing = problem(await http.app.inject({ method: 'PUT', url: '/orders/o-2' }));
    expect(missing.errors).toEqual([{ parameter: 'body', message: expect.any(String) }]);
    expect((await put(JSON.stringify({ state: 'CLOSED' }))).statusCode).toBe(204);
    const xml = {
      method: 'PUT' as const,
      url: '/orders/o-2',
      payload: '<state/>',
      headers: { 'content-type': 'application/xml' },
    };
    expect(problem(await http.app.inject(xml))).toMatchObject({
      status: 415,
      title: 'Unsupported Media Type',
    });
  });

  it('refuses a body over the limit with 413', async () => {
    const response = await http.app.inject({
      method: 'PUT',
      url: '/orders/o-3',
      payload: JSON.stringify({ state: 'OPEN', note: 'x'.repeat(70 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(413);
    expect(problem(response)).toMatchObject({ status: 413, title: 'Payload Too Large' });
  });

  it('answers 404 for an unknown route and 405 with Allow for a known route’s other methods', async () => {
    expect(problem(await http.app.inject('/nope'))).toMatchObject({
      status: 404,
      detail: 'no route GET /nope',
    });
    const wrong = await http.app.inject({ method: 'DELETE', url: '/orders/o-1' });
    expect(problem(wrong)).toMatchObject({ status: 405, title: 'Method Not Allowed' });
    expect(wrong.headers.allow).toBe('GET, HEAD, PUT');
    const kit = await http.app.inject({ method: 'POST', url: '/healthz' });
    expect(kit.statusCode).toBe(405);
    expect(kit.headers.allow).toBe('GET, HEAD');
  });

  it('answers a handler’s HttpError with its status, detail and extension members', async () => {
    const body = problem(await http.app.inject('/orders/o-9'));
    expect(body).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'no order o-9',
      id: 'o-9',
    });
  });

  it('maps the service’s error classes, with their fields', async () => {
    expect(problem(await http.app.inject('/search'))).toEqual({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'filter: unexpected ")"',
      parameter: 'filter',
      position: 7,
      errors: [{ parameter: 'filter', message: 'filter: unexpected ")"' }],
    });
    const again = { method: 'PUT' as const, url: '/orders/o-1', payload: { state: 'OPEN' } };
    expect(problem(await http.app.inject(again))).toMatchObject({
      status: 409,
      detail: 'o-1 is already OPEN',
    });
  });

  it('answers an unexpected error with a generic 500 and logs it with its stack', async () => {
    const response = await http.app.inject('/boom');
    expect(response.statusCode).toBe(500);
    expect(problem(response)).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'an unexpected error occurred; it has been logged',
    });
    expect(response.body).not.toContain('secret');
    expect(response.body).not.toMatch(/\bat /);
    const logged = http.logLines().find((line) => line.msg === 'request failed');
    expect((logged?.err as { stack?: string } | undefined)?.stack).toContain(
      'cannot open /etc/tickflow/secret.key',
    );
  });
});

describe('before the service has set up', () => {
  it('answers its routes with 503 "starting" while the kit’s endpoints answer', async () => {
    const starting = await testApp<Orders>({ routes, notReady: () => ['redis', 'setup'] });
    const response = await starting.app.inject('/orders/o-1');
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('1');
    expect(problem(response).detail).toMatch(/^starting/);
    expect((await starting.app.inject('/healthz')).body).toBe('ok\n');
    const ready = await starting.app.inject('/readyz');
    expect([ready.statusCode, ready.body]).toEqual([503, 'not ready: redis, setup\n']);
    starting.serve({ orders: new Map([['o-1', 'OPEN']]) });
    expect((await starting.app.inject('/orders/o-1')).statusCode).toBe(200);
  });
});
