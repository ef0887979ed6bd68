// The OTEL_* variables the kit reads, with the meaning the OpenTelemetry SDK specification gives
// them (opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables), parsed
// into the kit's config like every other variable: a bad value stops the service at start-up
// (ConfigError, exit 2) instead of the SDK's habit of warning and carrying on.
import { z } from 'zod';
import { type KeyValueList, parseKeyValueList } from './key-value-list.ts';

export const SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;
export type SamplerName = (typeof SAMPLERS)[number];

export const TRACES_EXPORTERS = ['otlp', 'console', 'none'] as const;
export type TracesExporterName = (typeof TRACES_EXPORTERS)[number];

export const PROPAGATORS = ['tracecontext', 'baggage', 'none'] as const;
export type PropagatorName = (typeof PROPAGATORS)[number];

export type OtlpProtocol = 'http/protobuf' | 'http/json';

// The spec's booleans: true or false, any case.
const otelBoolean = z
  .string()
  .regex(/^(true|false)$/i, { error: 'expected true or false' })
  .transform((value) => value.toLowerCase() === 'true');

const milliseconds = (min: number) =>
  z.coerce
    .number({ error: `expected milliseconds, an integer of at least ${min}` })
    .int({ error: `expected milliseconds, an integer of at least ${min}` })
    .min(min, { error: `expected milliseconds, an integer of at least ${min}` });

const count = z.coerce
  .number({ error: 'expected an integer of at least 1' })
  .int({ error: 'expected an integer of at least 1' })
  .min(1, { error: 'expected an integer of at least 1' });

const httpUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  },
  // The value is not repeated: an endpoint may carry credentials.
  { error: 'expected an http:// or https:// URL' },
);

const protocol = z.enum(['http/protobuf', 'http/json'], {
  error: (issue) =>
    issue.input === 'grpc'
      ? 'grpc is not supported by this build: use http/protobuf (the default, port 4318) or http/json'
      : 'expected http/protobuf or http/json',
});

const keyValueList = z.string().transform((value, context): KeyValueList => {
  const parsed = parseKeyValueList(value);
  if ('list' in parsed) return parsed.list;
  context.issues.push({ code: 'custom', message: parsed.error, input: '(not shown)' });
  return z.NEVER;
});

/** A comma-separated list of names from `allowed` (duplicates dropped, order kept). */
const nameList = <const T extends readonly string[]>(allowed: T, hint = '') =>
  z.string().transform((value, context): T[number][] => {
    const names = [...new Set(value.split(',').map((name) => name.trim().toLowerCase()))].filter(Boolean);
    const unknown = names.filter((name) => !allowed.includes(name));
    if (unknown.length === 0) return names as T[number][];
    context.issues.push({
      code: 'custom',
      message: `unsupported: ${unknown.join(', ')}; expected a comma-separated list of ${allowed.join(', ')}${hint}`,
      input: value,
    });
    return z.NEVER;
  });

/** The OTEL_* variables, spread into the kit's schema (config.ts). */
export const otelConfigShape = {
  /** true: no SDK at all, whatever else is set. */
  OTEL_SDK_DISABLED: otelBoolean.default(false),
  OTEL_TRACES_EXPORTER: nameList(TRACES_EXPORTERS).default(['otlp']),
  /** Base URL: `/v1/traces` is appended. No endpoint (and no console exporter): tracing is off. */
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl.optional(),
  /** Full URL of the traces endpoint, used as given; wins over OTEL_EXPORTER_OTLP_ENDPOINT. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: httpUrl.optional(),
  OTEL_EXPORTER_OTLP_PROTOCOL: protocol.optional(),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: protocol.optional(),
  OTEL_EXPORTER_OTLP_HEADERS: keyValueList.optional(),
  OTEL_EXPORTER_OTLP_TRACES_HEADERS: keyValueList.optional(),
  OTEL_EXPORTER_OTLP_TIMEOUT: milliseconds(1).optional(),
  OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: milliseconds(1).optional(),
  /** Default: the service's name. */
  OTEL_SERVICE_NAME: z.string().optional(),
  OTEL_RESOURCE_ATTRIBUTES: keyValueList.optional(),
  OTEL_TRACES_SAMPLER: z
    .enum(SAMPLERS, { error: `expected one of ${SAMPLERS.join(', ')}` })
    .default('parentbased_always_on'),
  /** The ratio of the traceidratio samplers (default 1); checked whatever the sampler. */
  OTEL_TRACES_SAMPLER_ARG: z.coerce
    .number({ error: 'expected a ratio from 0 to 1' })
    .min(0, { error: 'expected a ratio from 0 to 1' })
    .max(1, { error: 'expected a ratio from 0 to 1' })
    .optional(),
  OTEL_PROPAGATORS: nameList(PROPAGATORS, ' (b3, jaeger and xray are not in this build)').default([
    'tracecontext',
    'baggage',
  ]),
  OTEL_BSP_SCHEDULE_DELAY: milliseconds(0).default(5_000),
  OTEL_BSP_EXPORT_TIMEOUT: milliseconds(1).default(30_000),
  OTEL_BSP_MAX_QUEUE_SIZE: count.default(2_048),
  OTEL_BSP_MAX_EXPORT_BATCH_SIZE: count.default(512),
};

const otelConfigSchema = z.object(otelConfigShape);
export type OtelConfig = z.infer<typeof otelConfigSchema>;

/** Checks across OTEL_* variables, as a refinement of the kit's schema (an issue, or none). */
export function otelConfigIssue(config: OtelConfig): { path: string[]; message: string } | undefined {
  if (config.OTEL_BSP_MAX_EXPORT_BATCH_SIZE > config.OTEL_BSP_MAX_QUEUE_SIZE)
    return {
      path: ['OTEL_BSP_MAX_EXPORT_BATCH_SIZE'],
      message: `must not exceed OTEL_BSP_MAX_QUEUE_SIZE (${config.OTEL_BSP_MAX_QUEUE_SIZE})`,
    };
  return undefined;
}
