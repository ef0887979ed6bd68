// /openapi.json is generated from the same zod schemas that validate the requests: every
// declared route, its parameters with their constraints, its body, its answers and its access.
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type RouteRegistrar, streamReply } from '../src/index.ts';
import { testApp } from './support/http-app.ts';

function routes(api: RouteRegistrar<unknown>): void {
  api.route({
    method: 'GET',
    url: '/runs/:id/events',
    access: 'read',
    summary: 'A run’s events',
    description: 'Paged, oldest first.',
    tags: ['runs'],
    schema: {
      params: z.object({ id: z.string().describe('The run id') }),
      querystring: z.object({
        limit: z.coerce.number().int().min(1).max(500).optional(),
        type: z.enum(['fill', 'order']).optional(),
      }),
      response: { 200: z.object({ events: z.array(z.object({ id: z.string() })) }) },
    },
    handler: () => ({ events: [] }),
  });
  api.route({
    method: 'PUT',
    url: '/switch',
    access: 'operator',
    summary: 'Sets the switch',
    schema: { body: z.object({ state: z.enum(['ON', 'OFF']) }) },
    handler: () => undefined,
  });
  api.route({
    method: 'GET',
    url: '/export',
    access: 'public',
    summary: 'Every event as NDJSON',
    schema: {
      response: {
        200: {
          description: 'one event per line',
          content: { 'application/x-ndjson': { schema: z.string() } },
        },
      },
    },
    handler: () => streamReply('application/x-ndjson', ['{}\n']),
  });
}

interface Operation {
  summary: string;
  description?: string;
  tags?: string[];
  security?: unknown;
  'x-access': string;
  parameters?: { in: string; name: string; required: boolean; schema: Record<string, unknown> }[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
}
interface Document {
  openapi: string;
  info: { title: string };
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, unknown> };
}

let document: Document;
beforeAll(async () => {
  const http = await testApp({ routes });
  const response = await http.app.inject('/openapi.json');
  expect(response.statusCode).toBe(200);
  document = response.json() as Document;
});

describe('/openapi.json', () => {
  it('is an OpenAPI 3.1 document listing the declared routes and the kit’s endpoints', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.title).toBe('http-test API');
    expect(Object.keys(document.paths).sort()).toEqual(
      ['/export', '/healthz', '/metrics', '/readyz', '/runs/{id}/events', '/switch'].sort(),
    );
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('gives each route its parameters with their constraints, its access and its answers', () => {
    const events = document.paths['/runs/{id}/events']?.get as Operation;
    expect(events).toMatchObject({
      summary: 'A run’s events',
      description: 'Paged, oldest first.',
      tags: ['runs'],
    });
    expect(events['x-access']).toBe('read');
    expect(events.security).toEqual([{ bearer: [] }]);
    const parameter = (name: string) => events.parameters?.find((p) => p.name === name);
    expect(parameter('id')).toMatchObject({ in: 'path', required: true, schema: { type: 'string' } });
    expect(parameter('limit')).toMatchObject({
      in: 'query',
      required: false,
      schema: { type: 'integer', minimum: 1, maximum: 500 },
    });
    expect(parameter('type')?.schema).toMatchObject({ enum: ['fill', 'order'] });
    expect(events.responses['200']?.content?.['application/json']?.schema).toMatchObject({
      type: 'object',
      required: ['events'],
    });
  });

  it('gives a body its schema, and a streamed answer its media type', () => {
    const put = document.paths['/switch']?.put as Operation;
    expect(put['x-access']).toBe('operator');
    expect(put.requestBody?.content['application/json']?.schema).toMatchObject({
      properties: { state: { enum: ['ON', 'OFF'] } },
      required: ['state'],
    });
    const exported = document.paths['/export']?.get as Operation;
    expect(exported.security).toBeUndefined();
    expect(Object.keys(exported.responses['200']?.content ?? {})).toEqual(['application/x-ndjson']);
  });
});
