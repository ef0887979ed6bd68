// A span exporter that says when an export failed (its spans are dropped): the batch
// processor's own scheduled exports report failures nowhere else we can see.
import type { ExportResult } from '@opentelemetry/core';
import { ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import type { FailureReporter } from './rate-limited-warning.ts';

/** `exporter`, reporting each failed export to `report` (the spans of that export are dropped). */
export function reportingFailures(exporter: SpanExporter, report: FailureReporter): SpanExporter {
  return {
    export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
      exporter.export(spans, (result) => {
        if (result.code !== ExportResultCode.SUCCESS)
          report(result.error ?? new Error(`span export failed (${spans.length} spans dropped)`));
        resultCallback(result);
      });
    },
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
}
