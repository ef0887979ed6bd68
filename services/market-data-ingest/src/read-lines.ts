// Files are read as bytes and split into lines here (see input/line-splitter.ts for why not
// node:readline). Lines are handed out a chunk's worth at a time from an async generator (or
// one at a time, readLines), so the file is read only as fast as records are taken and memory
// stays flat whatever the file's size. A batch per chunk rather than a line per step: each
// step of an async generator costs promises and a microtask, per row on a million-row file.
import { SourceReadError } from './errors.ts';
import { DEFAULT_MAX_LINE_BYTES } from './input/limits.ts';
import { type InputLine, LineSplitter, type TextLine, type UnreadableLine } from './input/line-splitter.ts';
import { openInput } from './input/open-file.ts';
import { type RejectedRecord, WHOLE_LINE } from './source-record.ts';

export type { InputLine, TextLine, UnreadableLine };

/** How far a reader has got through its file, for progress reports. The reader updates it. */
export interface ReadProgress {
  /**
   * Bytes of the file read so far, against its size on disk: up to the end of the chunk whose
   * lines are being taken (64 KiB ahead of the current line at most), compressed bytes for a
   * compressed file.
   */
  bytesRead: number;
}

/** Options of the file sources. */
export interface FileReadOptions {
  /** Updated as the file is read. */
  readonly progress?: ReadProgress;
  /** Longer lines come out as UnreadableLines, with their first bytes only. Default 1 MiB. */
  readonly maxLineBytes?: number;
}

/**
 * The lines of a UTF-8 file, streamed: plain, gzip, zstd or zip (told by its first bytes), LF or
 * CRLF endings, a leading BOM dropped, a last line without LF still read. A line too long,
 * not valid UTF-8 or holding a NUL byte comes out as an UnreadableLine, numbered like the
 * others, and reading goes on. The file is read up to its size when opened (a file still
 * growing is finished by the next run). Breaking out of the loop closes the file.
 *
 * @throws SourceReadError when the file cannot be opened, read or decompressed.
 */
export async function* readLines(path: string, options: FileReadOptions = {}): AsyncGenerator<InputLine> {
  for await (const lines of readLineBatches(path, options)) yield* lines;
}

/** readLines a chunk at a time: the lines of each chunk read, in order (never empty). */
export async function* readLineBatches(
  path: string,
  options: FileReadOptions = {},
): AsyncGenerator<readonly InputLine[]> {
  const { progress } = options;
  const input = await openInput(path);
  const splitter = new LineSplitter(options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
  const ends: number[] = [];
  // Compressed: report the compressed bytes taken in, against the file's size on disk.
  const exact = input.compression === 'none';
  const chunks = input.chunks[Symbol.asyncIterator]();
  try {
    for (;;) {
      const chunk = await nextChunk(chunks, path);
      // A fresh array each time: the caller may still hold the last one.
      const lines: InputLine[] = [];
      if (chunk === undefined) splitter.end(lines, ends);
      else splitter.push(chunk, lines, ends);
      if (lines.length > 0) {
        if (progress !== undefined)
          progress.bytesRead = exact ? (ends[ends.length - 1] as number) : input.bytesRead();
        yield lines;
      }
      ends.length = 0;
      if (chunk === undefined) break;
    }
    if (progress !== undefined) progress.bytesRead = input.bytesRead();
  } finally {
    input.close();
  }
}

/** The same line as a record rejected as a whole, for the dead-letter stream. */
export function unreadableRecord(line: UnreadableLine): RejectedRecord {
  return { ok: false, line: line.line, field: WHOLE_LINE, reason: line.rejected, raw: line.raw };
}

/** The next chunk, or undefined at the end; a read or decompression error becomes a SourceReadError. */
async function nextChunk(chunks: AsyncIterator<Buffer>, path: string): Promise<Buffer | undefined> {
  try {
    const next = await chunks.next();
    return next.done === true ? undefined : next.value;
  } catch (error) {
    throw new SourceReadError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
}
