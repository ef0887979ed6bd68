export type {
  ColumnRef,
  GenericCsvMapping,
  QuoteCsvMapping,
  TimestampColumn,
  TradeCsvMapping,
} from './csv/csv-mapping.ts';
export { recordEventId } from './deterministic-id.ts';
export { FieldError, SourceConfigError, SourceReadError } from './errors.ts';
export type {
  FieldPath,
  NdjsonMapping,
  QuoteNdjsonMapping,
  TimestampField,
  TradeNdjsonMapping,
} from './json/ndjson-mapping.ts';
export type { FileReadOptions, ReadProgress } from './read-lines.ts';
export type { AcceptedRecord, RejectedRecord, SourceRecord } from './source-record.ts';
export { WHOLE_LINE, WHOLE_MESSAGE } from './source-record.ts';
export { genericCsv } from './sources/generic-csv.ts';
export { ndjson } from './sources/ndjson.ts';
export { type SyntheticFeedOptions, syntheticFeed } from './sources/synthetic-feed.ts';
export { type TardisCsvOptions, tardisCsv } from './sources/tardis-csv.ts';
export {
  type Disconnect,
  type RecordCandidate,
  type ResumePoint,
  type WebSocketFeedOptions,
  websocketFeed,
} from './sources/websocket-feed.ts';
export type { TimestampFormat } from './timestamp-format.ts';
export type { ReconnectOptions } from './websocket/backoff.ts';
