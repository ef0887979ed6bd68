// Builds the kit's HTTP app in-process (fastify's inject, no socket) with a logger whose lines
// the test can read.
import { Registry } from 'prom-client';
import { buildHttpApp, type HttpApp, type HttpAppOptions } from '../../src/http/http-server.ts';
import { createLogger } from '../../src/logger.ts';

export const READ_TOKEN = 'read-token-0123456789';
export const OPERATOR_TOKEN = 'operator-token-0123456789';

export interface TestApp<Context> extends HttpApp<Context> {
  /** The JSON log lines written so far. */
  readonly logLines: () => Record<string, unknown>[];
}

export async function testApp<Context>(
  options: Partial<HttpAppOptions<Context>> & Pick<HttpAppOptions<Context>, 'routes'>,
): Promise<TestApp<Context>> {
  const lines: string[] = [];
  const logger = createLogger({
    service: 'http-test',
    level: 'debug',
    pretty: false,
    destination: { write: (line: string) => void lines.push(line) },
  });
  const built = await buildHttpApp<Context>({
    service: 'http-test',
    logger,
    registry: new Registry(),
    notReady: () => [],
    bodyLimitBytes: 64 * 1024,
    tokens: {},
    ...options,
  });
  return { ...built, logLines: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
