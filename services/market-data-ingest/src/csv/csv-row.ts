// One CSV data line into a SourceRecord, given the resolved column layout.
import { fieldOfKey, mappedRecord, type RecordReading } from '../mapped-record.ts';
import { type SourceRecord, WHOLE_LINE } from '../source-record.ts';
import type { ColumnLayout } from './column-layout.ts';
import type { CsvPlan } from './csv-mapping.ts';
import { splitCsvLine } from './split-csv-line.ts';

/** How rows of one file are read: the plan, its layout, and the derived record reading. */
export interface CsvReading {
  readonly plan: CsvPlan;
  readonly layout: ColumnLayout;
  readonly reading: RecordReading;
}

/** Everything needed to read the rows of a file with this plan and layout. */
export function csvReading(plan: CsvPlan, layout: ColumnLayout): CsvReading {
  const labels = new Map(layout.columns.map((column) => [fieldOfKey(column.key), column.label]));
  return {
    plan,
    layout,
    reading: {
      kind: plan.kind,
      eventTime: plan.eventTime,
      receivedTime: plan.receivedTime,
      origin: (field) => labels.get(field),
    },
  };
}

/** The record of one data line. */
export function csvRow(line: number, text: string, { plan, layout, reading }: CsvReading): SourceRecord {
  let cells: string[];
  try {
    cells = splitCsvLine(text, plan.delimiter);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return { ok: false, line, field: WHOLE_LINE, reason: error.message, raw: text };
  }
  // A row whose width differs from the header's is misaligned: reading it anyway could put
  // a price into a size. Name the first mapped column it lacks, if any.
  if (layout.width !== undefined && cells.length !== layout.width) {
    const missing = layout.columns.find((column) => column.index >= cells.length);
    const reason = `the row has ${cells.length} columns, the header ${layout.width}`;
    return missing === undefined
      ? { ok: false, line, field: WHOLE_LINE, reason, raw: text }
      : { ok: false, line, field: fieldOfKey(missing.key), reason: `missing: ${reason}`, raw: text };
  }
  const values: Record<string, unknown> = { ...plan.fixed };
  for (const column of layout.columns) values[column.key] = cells[column.index];
  return mappedRecord(line, text, values, reading);
}
