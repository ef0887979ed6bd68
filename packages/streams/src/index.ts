export { type Backlog, groupBacklog, streamBacklogs } from './backlog.ts';
export { pause, retryDelayMs } from './backoff.ts';
export {
  type ConnectionOptions,
  type ConnectionRole,
  connect,
  redact,
} from './connection.ts';
export { type Consumer, type CreateConsumerOptions, createConsumer } from './consumer.ts';
export { namespaceDrained } from './drained.ts';
export {
  BadOptionsError,
  FencedError,
  HistoryTrimmedError,
  RedisUnavailableError,
  StreamsError,
  type StreamsErrorCode,
} from './errors.ts';
export type { Handler, HandlerContext, HandlerOptions, PartitionState } from './handlers.ts';
export { noopMetrics, type PartitionLabels, type StreamsMetrics } from './metrics.ts';
export type { ConsumerOptions, PublisherOptions, Retention } from './options.ts';
export { createPublisher, type Publisher, type PublishResult } from './publisher.ts';
export { type ReadRange, readEventBatches, readEvents, type StoredEvent } from './reader.ts';
export { entryIdMs } from './stream-ids.ts';
