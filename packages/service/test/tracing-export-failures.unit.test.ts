import { ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/index.ts';
import { reportingFailures } from '../src/tracing/export-failures.ts';
import { rateLimitedWarning } from '../src/tracing/rate-limited-warning.ts';

function warnings() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    service: 'svc',
    level: 'info',
    pretty: false,
    destination: { write: (chunk: string) => void lines.push(JSON.parse(chunk)) },
  });
  return { lines, logger };
}

describe('rateLimitedWarning', () => {
  it('logs the first failure, then at most one per interval with the count of the others', () => {
    const { lines, logger } = warnings();
    let now = 0;
    const report = rateLimitedWarning(logger, 'export failed', 60_000, () => now);
    report(new Error('connect ECONNREFUSED'));
    now = 1_000;
    report(new Error('second'));
    now = 59_999;
    report(new Error('third'));
    now = 60_000;
    report(new Error('fourth'));
    report('a string');
    expect(
      lines.map((line) => [
        line.level,
        line.msg,
        line.failuresNotLogged,
        (line.err as { message: string }).message,
      ]),
    ).toEqual([
      [40, 'export failed', 0, 'connect ECONNREFUSED'],
      [40, 'export failed', 2, 'fourth'],
    ]);
  });

  it('counts one failure reported twice (by the exporter, then by the flush it rejects) once', () => {
    const { lines, logger } = warnings();
    let now = 0;
    const report = rateLimitedWarning(logger, 'export failed', 10, () => now);
    const error = new Error('HTTP 400');
    report(error);
    now = 100;
    report(error);
    expect(lines).toHaveLength(1);
  });
});

describe('reportingFailures', () => {
  it('reports failed exports, passes every result on, and reports nothing on success', async () => {
    const reported: unknown[] = [];
    let code = ExportResultCode.FAILED;
    const inner: SpanExporter = {
      export: (_spans, done) => done({ code }),
      shutdown: async () => undefined,
    };
    const exporter = reportingFailures(inner, (error) => reported.push(error));
    const results: ExportResultCode[] = [];
    exporter.export([{} as ReadableSpan], (result) => results.push(result.code));
    code = ExportResultCode.SUCCESS;
    exporter.export([], (result) => results.push(result.code));
    expect(results).toEqual([ExportResultCode.FAILED, ExportResultCode.SUCCESS]);
    expect(reported).toHaveLength(1);
    expect(String(reported[0])).toContain('span export failed (1 spans dropped)');
    await expect(exporter.forceFlush?.()).resolves.toBeUndefined();
  });
});
