export { type Backlog, groupBacklog, streamBacklogs } from './backlog.ts';
// The runtime's retry schedule, public so that code retrying against Redis next to it
// (ingest's writer and feed reconnects) backs off the same way.
export { pause, retryDelayMs } from './backoff.ts';
export type { CircuitState } from './circuit-breaker.ts';
// Redis Cluster: `redis+cluster://host:port,host:port` (docs/decisions/0025-redis-cluster.md).
export { connectClient, connectCluster } from './cluster-connection.ts';
export type { RedisClient } from './cluster-redis-client.ts';
export { keySlot } from './cluster-slots.ts';
export { isClusterUrl, parseClusterUrl } from './cluster-url.ts';
// redact hides the password of a Redis URL (and a rediss:// one's) before it is logged.
export {
  CONNECTION_ROLES,
  type ConnectionOptions,
  type ConnectionRole,
  connect,
  redact,
} from './connection.ts';
export { type Consumer, type CreateConsumerOptions, createConsumer } from './consumer.ts';
export { DEAD_LETTER_KINDS, type DeadLetter, type DeadLetterKind, parseDeadLetter } from './dead-letter.ts';
export { namespaceDrained } from './drained.ts';
export {
  BadOptionsError,
  HistoryTrimmedError,
  RedisUnavailableError,
  StreamsError,
  type StreamsErrorCode,
} from './errors.ts';
export { PermanentError, RetryLaterError } from './handler-errors.ts';
export type { Handler, HandlerContext, HandlerOptions, PartitionState } from './handlers.ts';
export {
  noopMetrics,
  type PartitionLabels,
  partitionLabels,
  type StreamLabels,
  type StreamsMetrics,
  streamLabels,
} from './metrics.ts';
export type { ConsumerOptions, PublisherOptions, Retention } from './options.ts';
export { oldestPendingAgeMs } from './pending-age.ts';
export { createPublisher, type Publisher, type PublishResult } from './publisher.ts';
export { type ReadRange, readEventBatches, readEvents, type StoredEvent } from './reader.ts';
// Whether an error means Redis is away (worth retrying), as the runtime itself decides it.
export { isConnectionFailure } from './redis-errors.ts';
// Secrets from mounted files (VAR_FILE), read alike by the service kit and the CLI.
export { type ResolvedSecretFiles, resolveSecretFiles, type SecretFileIssue } from './secret-files.ts';
export type { ConsumerStatus, StatusType } from './status.ts';
export { entryIdMs } from './stream-ids.ts';
// TLS: ioredis `tls` options from PEM files (one Redis or a cluster's nodes), and handshake
// failures that say what to change.
export { RedisTlsError, type RedisTlsFailure } from './tls-errors.ts';
export {
  isTlsUrl,
  loadRedisTls,
  type RedisTlsFiles,
  type RedisTlsOptions,
  type RedisTlsSetting,
} from './tls-options.ts';
// The service kit tells the runtime when it starts or stops an OpenTelemetry SDK.
export { configureStreamsTracing, type StreamsTracingOptions } from './tracing/tracer.ts';
