// The tracing scenario's three modes, as the OTEL_* variables a service would be given: off
// (no endpoint: no SDK is loaded, the API is a no-op — every other scenario's code path), a
// 1 % head sampler, and every trace sampled. The sampled modes export OTLP (http/protobuf,
// the kit's default) to the bench's own receiver; batching is left at the SDK's defaults, as
// a deployment that sets only these variables would run.

export type TracingModeName = 'off' | '1 %' | '100 %';

export interface TracingMode {
  readonly name: TracingModeName;
  /** The OTEL_* variables of the mode, given the receiver's base URL. */
  env(endpoint: string): Record<string, string>;
}

export const TRACING_MODES: readonly TracingMode[] = [
  { name: 'off', env: () => ({}) },
  {
    name: '1 %',
    env: (endpoint) => ({
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.01',
    }),
  },
  {
    name: '100 %',
    env: (endpoint) => ({
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_TRACES_SAMPLER: 'parentbased_always_on',
    }),
  },
];
