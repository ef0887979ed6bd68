// A CSV plan resolved against the file's header: the index of every mapped column.
import { SourceConfigError } from '../errors.ts';
import type { ColumnRef, CsvPlan } from './csv-mapping.ts';

/** One mapped column: the key it fills, where it is, and how reasons name it. */
export interface MappedColumn {
  readonly key: string;
  readonly index: number;
  /** e.g. `column "ask_amount"`, or `column 4` in a file without a header. */
  readonly label: string;
}

export interface ColumnLayout {
  /** Mapped columns in column order, so a short row reports its first missing one. */
  readonly columns: readonly MappedColumn[];
  /** The header's column count, which every row must have; undefined without a header. */
  readonly width: number | undefined;
}

/** Resolves the plan's columns against `header` (undefined for a file without one). Throws SourceConfigError. */
export function layoutColumns(plan: CsvPlan, header: readonly string[] | undefined): ColumnLayout {
  const unknown = [...plan.columns].filter(([, ref]) => typeof ref === 'string' && !header?.includes(ref));
  if (unknown.length > 0) {
    // Name every missing column at once: a file of the wrong kind lacks several.
    const names = unknown.map(([key, ref]) => `"${ref}" (${key})`).join(', ');
    throw new SourceConfigError(
      `CSV header (${header?.join(', ') ?? 'none'}) lacks the mapped column(s) ${names}`,
    );
  }
  const columns = [...plan.columns].map(([key, ref]) => mappedColumn(key, ref, header));
  const byIndex = new Map<number, string>();
  for (const column of columns) {
    const other = byIndex.get(column.index);
    if (other !== undefined) {
      throw new SourceConfigError(`CSV mapping reads ${column.label} as both ${other} and ${column.key}`);
    }
    byIndex.set(column.index, column.key);
  }
  columns.sort((a, b) => a.index - b.index);
  return { columns, width: header?.length };
}

function mappedColumn(key: string, ref: ColumnRef, header: readonly string[] | undefined): MappedColumn {
  if (typeof ref === 'number') {
    if (header !== undefined && ref >= header.length) {
      throw new SourceConfigError(
        `CSV column ${ref} of ${key} is past the header's ${header.length} columns`,
      );
    }
    return { key, index: ref, label: header === undefined ? `column ${ref}` : `column "${header[ref]}"` };
  }
  // layoutColumns has checked that every named column is in the header.
  return { key, index: header?.indexOf(ref) ?? -1, label: `column "${ref}"` };
}
