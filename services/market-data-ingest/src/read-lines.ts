// Files are read line by line through node:readline, whose async iterator pauses the file
// stream while the consumer is busy: memory stays flat whatever the file's size, and a
// record is never read before the previous one was taken.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { SourceReadError } from './errors.ts';

/** One line of a text file, without its line ending. */
export interface TextLine {
  /** 1-based line number. */
  readonly line: number;
  readonly text: string;
}

/** How far a reader has got through its file, for progress reports. The reader updates it. */
export interface ReadProgress {
  /** Bytes of the file up to the current line (counting LF endings; CRLF catches up at the end). */
  bytesRead: number;
}

/** Options of the file sources. */
export interface FileReadOptions {
  /** Updated as the file is read. */
  readonly progress?: ReadProgress;
}

/**
 * The lines of a UTF-8 file, streamed (LF or CRLF endings; a leading BOM is dropped).
 * Throws SourceReadError when the file cannot be read. Breaking out of the loop closes the file.
 */
export async function* readLines(path: string, options: FileReadOptions = {}): AsyncGenerator<TextLine> {
  const input = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  let consumed = 0;
  const { progress } = options;
  try {
    for await (const text of lines) {
      line += 1;
      if (progress !== undefined) {
        // The stream reads 64 KiB ahead: count the lines handed out instead, for a smooth percentage.
        consumed += Buffer.byteLength(text, 'utf8') + 1;
        progress.bytesRead = Math.min(consumed, input.bytesRead);
      }
      // Spreadsheet exports start with a byte-order mark; left in, it would rename the first column.
      yield { line, text: line === 1 && text.startsWith('\uFEFF') ? text.slice(1) : text };
    }
    if (progress !== undefined) progress.bytesRead = input.bytesRead;
  } catch (error) {
    throw new SourceReadError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  } finally {
    lines.close();
    input.destroy();
  }
}
