// pino: JSON lines in production, pretty on a terminal. Every line says which service, version
// and instance wrote it, and, written inside a span, its `trace_id` and `span_id` (what
// backends join logs and traces on). Secrets are redacted wherever they appear: see
// log-redaction.ts.
import { hostname } from 'node:os';
import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import { type DestinationStream, type Logger, pino } from 'pino';
import { CENSOR, lineRedactor, REDACT_PATHS } from './log-redaction.ts';

export type { Logger };

export interface LoggerOptions {
  /** The service's name (`name` on every line). */
  readonly service: string;
  /** `service_version` on every line, when given. */
  readonly version?: string;
  /** `service_instance_id` on every line, when given. */
  readonly instance?: string;
  readonly level: string;
  readonly pretty: boolean;
  /**
   * Secret values (passwords, tokens, header values) censored wherever they appear in a line,
   * when 8 characters or longer; shorter ones are censored by key name and in URLs only.
   */
  readonly secrets?: readonly string[];
  /** Where to write (tests); default stdout. */
  readonly destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const base = {
    name: options.service,
    level: options.level,
    base: {
      pid: process.pid,
      hostname: hostname(),
      ...(options.version === undefined ? {} : { service_version: options.version }),
      ...(options.instance === undefined ? {} : { service_instance_id: options.instance }),
    },
    redact: { paths: REDACT_PATHS, censor: CENSOR },
    mixin: traceFields,
    hooks: { streamWrite: lineRedactor(options.secrets ?? []) },
  };
  if (options.destination) return pino(base, options.destination);
  if (options.pretty)
    return pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true } } });
  return pino(base);
}

// Called for every line: with no SDK (no context manager) the active context is the root one
// and this returns at once. A new object each time: pino merges the line's fields into it.
function traceFields(): Record<string, string> {
  const span = trace.getSpan(context.active());
  if (span === undefined) return {};
  const spanContext = span.spanContext();
  if (!isSpanContextValid(spanContext)) return {};
  return {
    trace_id: spanContext.traceId,
    span_id: spanContext.spanId,
    trace_flags: spanContext.traceFlags.toString(16).padStart(2, '0'),
  };
}
