// Any CSV of quotes or trades, given which column holds which field.
import { layoutColumns } from '../csv/column-layout.ts';
import { type CsvPlan, type GenericCsvMapping, planCsv } from '../csv/csv-mapping.ts';
import { type CsvReading, csvReading, csvRow } from '../csv/csv-row.ts';
import { splitCsvLine } from '../csv/split-csv-line.ts';
import { SourceConfigError } from '../errors.ts';
import { type FileReadOptions, readLineBatches, unreadableRecord } from '../read-lines.ts';
import type { SourceRecord } from '../source-record.ts';

/**
 * Streams the quotes or trades of a CSV file, one record per data line (blank lines are
 * skipped). Columns are mapped by header name or 0-based index; a bad row comes out as a
 * RejectedRecord and reading goes on.
 *
 * @throws SourceConfigError for a bad mapping: at once, or on the first read when the header
 *   lacks a mapped column. Reading throws SourceReadError when the file cannot be read.
 */
export function genericCsv(
  path: string,
  mapping: GenericCsvMapping,
  options: FileReadOptions = {},
): AsyncIterable<SourceRecord> {
  const plan = planCsv(mapping);
  return readCsv(path, plan, options);
}

async function* readCsv(path: string, plan: CsvPlan, options: FileReadOptions): AsyncGenerator<SourceRecord> {
  let rows: CsvReading | undefined = plan.header
    ? undefined
    : csvReading(plan, layoutColumns(plan, undefined));
  for await (const lines of readLineBatches(path, options)) {
    for (const input of lines) {
      if (input.rejected !== undefined) {
        // Without its header the file's columns are unknown: nothing after it can be read.
        if (rows === undefined) {
          throw new SourceConfigError(
            `${path}: cannot read the header (line ${input.line}): ${input.rejected}`,
          );
        }
        yield unreadableRecord(input);
        continue;
      }
      const { line, text } = input;
      if (text.trim() === '') continue;
      if (rows === undefined) {
        rows = csvReading(plan, layoutColumns(plan, headerOf(path, text, plan.delimiter)));
        continue;
      }
      yield csvRow(line, text, rows);
    }
  }
}

function headerOf(path: string, text: string, delimiter: string): string[] {
  try {
    return splitCsvLine(text, delimiter).map((name) => name.trim());
  } catch (error) {
    throw new SourceConfigError(`${path}: cannot read the header: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
