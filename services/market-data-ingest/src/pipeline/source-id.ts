// The default source id: the name every event id and the progress checkpoint derive from.
// For a file it identifies the content, not the path: the same file (even moved) resumes
// and dedupes against its earlier runs, while a different file, or the same name with other
// content, gets ids of its own.
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { SourceSpec } from '../config/source-spec.ts';
import { SourceReadError } from '../errors.ts';

/** Bytes of a file hashed into its id: enough to tell files apart, cheap on any size. */
const HASHED_BYTES = 64 * 1024;

/** The id of a source spec's input. Reads the head of a file; throws SourceReadError. */
export async function defaultSourceId(spec: SourceSpec): Promise<string> {
  switch (spec.kind) {
    case 'synthetic': {
      // Everything that shapes the records except the count: a longer run extends a shorter one.
      const { count: _count, ...shape } = spec.options;
      const text = JSON.stringify(shape, (_key, value: unknown) =>
        typeof value === 'bigint' ? value.toString() : value,
      );
      return `synthetic-${shortHash(text)}`;
    }
    case 'websocket':
      // Per feed, not per run: message numbers continue from the checkpoint (see open-source.ts).
      return `ws-${safe(new URL(spec.url).host)}-${shortHash(spec.url)}`;
    default:
      return fileSourceId(spec.path);
  }
}

/** `<basename>-<size>-<hash of the first 64 KiB>`, e.g. `quotes.csv-1048576-3f2a…`. */
export async function fileSourceId(path: string): Promise<string> {
  let file: Awaited<ReturnType<typeof open>> | undefined;
  try {
    file = await open(path, 'r');
    const { size } = await file.stat();
    const head = Buffer.alloc(Math.min(size, HASHED_BYTES));
    for (let filled = 0; filled < head.length; ) {
      const { bytesRead } = await file.read(head, filled, head.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return `${safe(basename(path)).slice(0, 120)}-${size}-${shortHash(head)}`;
  } catch (error) {
    throw new SourceReadError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  } finally {
    await file?.close();
  }
}

function shortHash(input: string | Buffer): string {
  return createHash('sha256').update(input).digest('hex').slice(0, 16);
}

// A source id is part of a Redis key: printable ASCII, no spaces, no braces (hash tags).
function safe(text: string): string {
  return text.replace(/[^\x21-\x7e]|[{}]/g, '_') || '_';
}
