import { fileURLToPath } from 'node:url';
import type { SourceRecord } from '../../src/index.ts';

/** Every record of a finite source, in order. */
export async function collect(source: AsyncIterable<SourceRecord>): Promise<SourceRecord[]> {
  const records: SourceRecord[] = [];
  for await (const record of source) records.push(record);
  return records;
}

/** The path of a fixture file of this project. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
}
