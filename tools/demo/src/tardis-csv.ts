// Reads the first rows of the Tardis CSV files shipped in data/tardis (streamed: only the
// lines asked for are read). The full-featured, validated ingest is market-data-ingest's job.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

export async function readCsvRows(path: string, rows: number): Promise<Record<string, string>[]> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
  let header: string[] | undefined;
  const records: Record<string, string>[] = [];
  for await (const line of lines) {
    if (header === undefined) {
      header = line.split(',');
      continue;
    }
    const cells = line.split(',');
    records.push(Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ''])));
    if (records.length === rows) break;
  }
  lines.close();
  return records;
}
