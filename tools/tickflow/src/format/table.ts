// Plain-text tables for people: columns padded to their widest cell, numbers right-aligned.

export interface Column<T> {
  readonly title: string;
  readonly cell: (row: T) => string;
  readonly align?: 'left' | 'right';
}

/** The rows as a table with a header line; `empty` when there are none. */
export function table<T>(rows: readonly T[], columns: readonly Column<T>[], empty = '(none)'): string {
  if (rows.length === 0) return empty;
  const cells = rows.map((row) => columns.map((column) => column.cell(row)));
  const widths = columns.map((column, at) =>
    Math.max(column.title.length, ...cells.map((line) => (line[at] as string).length)),
  );
  const render = (line: readonly string[]) =>
    line
      .map((cell, at) => {
        const width = widths[at] as number;
        return columns[at]?.align === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [render(columns.map((column) => column.title)), ...cells.map(render)].join('\n');
}
