// The shape of INGEST_MAPPING: a generic CSV mapping (for csv) or an NDJSON field mapping
// (for ndjson and websocket), as the sources' own types describe them. Strict objects, so a
// misspelt key is an error instead of a silently missing column.
import { z } from 'zod';
import type { GenericCsvMapping } from '../csv/csv-mapping.ts';
import type { NdjsonMapping } from '../json/ndjson-mapping.ts';
import type { TimestampFormat } from '../timestamp-format.ts';

const timestampFormat: z.ZodType<TimestampFormat> = z.union([
  z.enum(['iso', 'epoch-s', 'epoch-ms', 'epoch-us', 'epoch-ns']),
  z.strictObject({ pattern: z.string() }),
]);

const column = z.union([z.string().min(1), z.number().int().min(0)]);
const optionalColumn = column.exactOptional();
const timestampColumn = z.strictObject({ column, format: timestampFormat });

const csvCommon = {
  delimiter: z.string().exactOptional(),
  header: z.boolean().exactOptional(),
  timestamp: timestampColumn,
  receivedTimestamp: timestampColumn.exactOptional(),
  symbol: z.string().exactOptional(),
  venue: z.string().exactOptional(),
};

export const csvMappingSchema: z.ZodType<GenericCsvMapping> = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('quotes'),
    ...csvCommon,
    columns: z.strictObject({
      symbol: optionalColumn,
      venue: optionalColumn,
      bid_price: column,
      bid_size: column,
      ask_price: column,
      ask_size: column,
    }),
  }),
  z.strictObject({
    kind: z.literal('trades'),
    ...csvCommon,
    columns: z.strictObject({
      symbol: optionalColumn,
      venue: optionalColumn,
      price: column,
      size: column,
      side: optionalColumn,
      trade_id: optionalColumn,
    }),
  }),
]);

const path = z.string().min(1);
const optionalPath = path.exactOptional();
const timestampField = z.strictObject({ field: path, format: timestampFormat });

const jsonCommon = {
  timestamp: timestampField,
  receivedTimestamp: timestampField.exactOptional(),
  symbol: z.string().exactOptional(),
  venue: z.string().exactOptional(),
};

export const ndjsonMappingSchema: z.ZodType<NdjsonMapping> = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('quotes'),
    ...jsonCommon,
    fields: z.strictObject({
      symbol: optionalPath,
      venue: optionalPath,
      bid_price: path,
      bid_size: path,
      ask_price: path,
      ask_size: path,
    }),
  }),
  z.strictObject({
    kind: z.literal('trades'),
    ...jsonCommon,
    fields: z.strictObject({
      symbol: optionalPath,
      venue: optionalPath,
      price: path,
      size: path,
      side: optionalPath,
      trade_id: optionalPath,
    }),
  }),
]);
