// The shape of INGEST_MAPPING: a generic CSV mapping (for csv) or an NDJSON field mapping
// (for ndjson and websocket), as the sources' own types describe them. Strict objects, so a
// misspelt key is an error instead of a silently missing column.
import { z } from 'zod';
import type { GenericCsvMapping } from '../csv/csv-mapping.ts';
import type { NdjsonMapping } from '../json/ndjson-mapping.ts';
import { timezoneProblem } from '../time/zone-offset.ts';
import type { TimestampFormat } from '../timestamp-format.ts';

const timestampFormat: z.ZodType<TimestampFormat> = z.union([
  z.enum(['iso', 'epoch-s', 'epoch-ms', 'epoch-us', 'epoch-ns']),
  z.strictObject({ pattern: z.string() }),
]);

const column = z.union([z.string().min(1), z.number().int().min(0)]);
const optionalColumn = column.exactOptional();
// An IANA zone for wall-clock times without an offset, checked against Intl at start-up.
const timezone = z
  .string()
  .superRefine((zone, ctx) => {
    const problem = timezoneProblem(zone);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  })
  .exactOptional();
const timestampColumn = z.strictObject({ column, format: timestampFormat, timezone });

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
      // Both sizes or neither (checked by planCsv, which names the missing one).
      bid_size: optionalColumn,
      ask_price: column,
      ask_size: optionalColumn,
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
const timestampField = z.strictObject({ field: path, format: timestampFormat, timezone });

// A message filter: field equals value, one condition or several (all must hold).
const condition = z.strictObject({ field: path, equals: z.union([z.string(), z.boolean(), z.null()]) });

const jsonCommon = {
  timestamp: timestampField,
  receivedTimestamp: timestampField.exactOptional(),
  symbol: z.string().exactOptional(),
  venue: z.string().exactOptional(),
  filter: z.union([condition, z.array(condition).min(1)]).exactOptional(),
  records: path.exactOptional(),
};

export const ndjsonMappingSchema: z.ZodType<NdjsonMapping> = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('quotes'),
    ...jsonCommon,
    fields: z.strictObject({
      symbol: optionalPath,
      venue: optionalPath,
      bid_price: path,
      // Both sizes or neither (checked by planNdjson, which names the missing one).
      bid_size: optionalPath,
      ask_price: path,
      ask_size: optionalPath,
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
