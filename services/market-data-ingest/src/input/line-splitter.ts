// Bytes into lines, with the line length bounded. node:readline is not used: it builds each
// line as one string whatever its size, so a 700 MB "line" ends in `RangeError: Invalid
// string length` (and a restart hits the same line again). Here a line past the limit is
// never accumulated: its first bytes are kept, the rest dropped up to the next LF, and it
// comes out as an UnreadableLine for the source to dead-letter.
import { isUtf8 } from 'node:buffer';
import { PREVIEW_BYTES } from './limits.ts';
import { firstInvalidUtf8 } from './utf8.ts';

/** One line of a text file, without its line ending. */
export interface TextLine {
  /** 1-based line number. */
  readonly line: number;
  readonly text: string;
  readonly rejected?: undefined;
}

/** A line that cannot be read as text: too long, not UTF-8, or holding a NUL byte. */
export interface UnreadableLine {
  /** 1-based line number: it counts like any other line. */
  readonly line: number;
  /** Why, e.g. `line longer than 1048576 bytes`, `invalid UTF-8 at byte 7`. */
  readonly rejected: string;
  /** What the line holds, decoded leniently (U+FFFD for bad bytes); only its start when too long. */
  readonly raw: string;
}

export type InputLine = TextLine | UnreadableLine;

const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;
const BOM = [0xef, 0xbb, 0xbf] as const;

/**
 * Splits a byte stream on LF (a CR before the LF is dropped; a lone CR stays in the line).
 * Memory is bounded by maxLineBytes plus one chunk, whatever the input.
 */
export class LineSplitter {
  readonly #maxLineBytes: number;
  /** Bytes of a too-long line kept: never more than a line may have, so chunking cannot change it. */
  readonly #previewBytes: number;
  #line = 0;
  /** Bytes pushed before the current chunk: line ends are reported as absolute offsets. */
  #base = 0;
  /** The current line's bytes so far, while it fits (at most maxLineBytes + 1, for a CR). */
  #parts: Buffer[] = [];
  #partBytes = 0;
  /** The current line's first bytes, once it is known to be too long; the rest is dropped. */
  #preview: Buffer | undefined;

  constructor(maxLineBytes: number) {
    this.#maxLineBytes = maxLineBytes;
    this.#previewBytes = Math.min(PREVIEW_BYTES, maxLineBytes);
  }

  /**
   * Appends the lines `chunk` completes to `lines`, and to `ends` the byte offset just past
   * each one's LF (for progress). Nothing refers to `chunk` afterwards: it may be reused.
   */
  push(chunk: Buffer, lines: InputLine[], ends: number[]): void {
    let start = 0;
    let lf = chunk.indexOf(LF);
    if (lf !== -1 && this.#pending()) {
      this.#keep(chunk, 0, lf);
      lines.push(this.#takePending());
      ends.push(this.#base + lf + 1);
      start = lf + 1;
      lf = chunk.indexOf(LF, start);
    }
    if (lf !== -1) {
      // Lines wholly inside this chunk are checked in one native pass each for UTF-8 and
      // NUL; only when that fails is each line checked on its own.
      const last = chunk.lastIndexOf(LF);
      const region = chunk.subarray(start, last);
      const clean = isUtf8(region) && region.indexOf(NUL) === -1;
      while (lf !== -1) {
        lines.push(this.#lineOf(chunk, start, lf, clean));
        ends.push(this.#base + lf + 1);
        start = lf + 1;
        lf = chunk.indexOf(LF, start);
      }
    }
    if (start < chunk.length) this.#keep(chunk, start, chunk.length);
    this.#base += chunk.length;
  }

  /** Appends the last line when the input does not end with LF. */
  end(lines: InputLine[], ends: number[]): void {
    if (!this.#pending()) return;
    lines.push(this.#takePending());
    ends.push(this.#base);
  }

  #pending(): boolean {
    return this.#partBytes > 0 || this.#preview !== undefined;
  }

  #keep(chunk: Buffer, start: number, end: number): void {
    if (this.#preview !== undefined || start === end) return;
    // One byte of slack for the CR of a CRLF: only the LF shows whether it is one.
    if (this.#partBytes + (end - start) <= this.#maxLineBytes + 1) {
      // A copy: the reader reuses its chunk buffer for the next read.
      this.#parts.push(Buffer.from(chunk.subarray(start, end)));
      this.#partBytes += end - start;
      return;
    }
    const kept = Math.min(this.#previewBytes, this.#partBytes + end - start);
    this.#preview = Buffer.concat([...this.#parts, chunk.subarray(start, end)], kept);
    this.#parts = [];
    this.#partBytes = 0;
  }

  #takePending(): InputLine {
    const preview = this.#preview;
    if (preview !== undefined) {
      this.#preview = undefined;
      this.#line += 1;
      const start = this.#line === 1 && startsWithBom(preview, 0, preview.length) ? BOM.length : 0;
      return this.#tooLong(preview, start, preview.length);
    }
    const bytes = this.#parts.length === 1 ? (this.#parts[0] as Buffer) : Buffer.concat(this.#parts);
    this.#parts = [];
    this.#partBytes = 0;
    return this.#lineOf(bytes, 0, bytes.length, false);
  }

  /** The line in bytes[begin, end), `end` at its LF or the input's end; `clean` when known valid. */
  #lineOf(bytes: Buffer, begin: number, end: number, clean: boolean): InputLine {
    this.#line += 1;
    const line = this.#line;
    const stop = end > begin && bytes[end - 1] === CR ? end - 1 : end;
    // Spreadsheet exports start with a byte-order mark; left in, it would rename the first column.
    const start = line === 1 && startsWithBom(bytes, begin, stop) ? begin + BOM.length : begin;
    if (stop - start > this.#maxLineBytes) return this.#tooLong(bytes, start, stop);
    if (!clean) {
      const bad = firstInvalidUtf8(bytes, start, stop);
      if (bad !== -1) return unreadable(line, `invalid UTF-8 at byte ${bad + 1}`, bytes, start, stop);
      const nul = bytes.subarray(start, stop).indexOf(NUL);
      if (nul !== -1) return unreadable(line, `NUL byte at column ${nul + 1}`, bytes, start, stop);
    }
    return { line, text: bytes.toString('utf8', start, stop) };
  }

  /** A too-long line, given from its first byte (past any BOM): only its first bytes are kept. */
  #tooLong(bytes: Buffer, start: number, end: number): UnreadableLine {
    const reason = `line longer than ${this.#maxLineBytes} bytes`;
    return unreadable(this.#line, reason, bytes, start, Math.min(end, start + this.#previewBytes));
  }
}

function unreadable(
  line: number,
  rejected: string,
  bytes: Buffer,
  start: number,
  end: number,
): UnreadableLine {
  return { line, rejected, raw: bytes.toString('utf8', start, end) };
}

function startsWithBom(bytes: Buffer, start: number, end: number): boolean {
  return (
    end - start >= 3 && bytes[start] === BOM[0] && bytes[start + 1] === BOM[1] && bytes[start + 2] === BOM[2]
  );
}
