// Splitting bytes into lines: endings, BOM, a missing final LF, and every kind of line that
// cannot be read (too long, not UTF-8, NUL) coming out numbered, with a clear reason, while
// the lines around it read as usual — however the bytes are cut into chunks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type InputLine, LineSplitter } from '../src/input/line-splitter.ts';
import { firstInvalidUtf8 } from '../src/input/utf8.ts';

/** Every line of `input`, fed to a splitter in chunks cut at `cuts`. */
function split(input: Buffer, maxLineBytes = 1024, cuts: readonly number[] = []): InputLine[] {
  const splitter = new LineSplitter(maxLineBytes);
  const lines: InputLine[] = [];
  const ends: number[] = [];
  let start = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    splitter.push(input.subarray(start, cut), lines, ends);
    start = cut;
  }
  splitter.push(input.subarray(start), lines, ends);
  splitter.end(lines, ends);
  return lines;
}

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))));

describe('line endings', () => {
  it('given LF, CRLF, a lone CR and no final newline, then lines come out without their endings, numbered', () => {
    expect(split(bytes('a,1\nb,2\r\nc\r3\nlast'))).toEqual([
      { line: 1, text: 'a,1' },
      { line: 2, text: 'b,2' },
      { line: 3, text: 'c\r3' },
      { line: 4, text: 'last' },
    ]);
  });

  it('given a final newline or an empty input, then no empty line is added at the end', () => {
    expect(split(bytes('a\n\nb\n'))).toEqual([
      { line: 1, text: 'a' },
      { line: 2, text: '' },
      { line: 3, text: 'b' },
    ]);
    expect(split(bytes(''))).toEqual([]);
  });

  it('given a leading byte-order mark, then it is dropped from line 1 only', () => {
    expect(split(bytes([0xef, 0xbb, 0xbf], 'h\n', [0xef, 0xbb, 0xbf], 'x\n'))).toEqual([
      { line: 1, text: 'h' },
      { line: 2, text: '\uFEFFx' },
    ]);
  });

  it('given multi-byte characters cut between chunks, then they decode whole', () => {
    const input = bytes('prix,€\nü\n');
    expect(split(input, 1024, [6, 7, 9])).toEqual([
      { line: 1, text: 'prix,€' },
      { line: 2, text: 'ü' },
    ]);
  });
});

describe('unreadable lines', () => {
  it('given a line longer than the limit, then it is rejected with its first 256 bytes, and the next line reads', () => {
    const long = 'x'.repeat(5_000);
    const lines = split(bytes('ok\n', long, '\nnext\n'), 1024, [100, 1_000, 4_000]);

    expect(lines).toEqual([
      { line: 1, text: 'ok' },
      { line: 2, rejected: 'line longer than 1024 bytes', raw: 'x'.repeat(256) },
      { line: 3, text: 'next' },
    ]);
  });

  it('given lines of exactly the limit, with LF or CRLF, then they are read; one byte more is rejected', () => {
    const at = 'y'.repeat(1024);
    const lines = split(bytes(at, '\r\n', at, '\n', at, 'z\r\n'), 1024, [1024, 1025, 2050]);

    expect(lines.map((line) => line.rejected ?? line.text.length)).toEqual([
      1024,
      1024,
      'line longer than 1024 bytes',
    ]);
  });

  it('given a too-long last line without LF, then it is rejected at its line number', () => {
    expect(split(bytes('a\n', 'z'.repeat(3_000)), 1024, [10])).toEqual([
      { line: 1, text: 'a' },
      { line: 2, rejected: 'line longer than 1024 bytes', raw: 'z'.repeat(256) },
    ]);
  });

  it('given invalid UTF-8, then the line is rejected naming the 1-based byte, shown leniently', () => {
    const lines = split(bytes('good\n', 'ab', [0xc3, 0x28], 'cd\n', 'also good\n'));

    expect(lines).toEqual([
      { line: 1, text: 'good' },
      { line: 2, rejected: 'invalid UTF-8 at byte 3', raw: 'ab\uFFFD(cd' },
      { line: 3, text: 'also good' },
    ]);
  });

  it('given a NUL byte, then the line is rejected naming its 1-based column', () => {
    expect(split(bytes('a,b', [0], 'c\nd\n'))).toEqual([
      { line: 1, rejected: 'NUL byte at column 4', raw: 'a,b\u0000c' },
      { line: 2, text: 'd' },
    ]);
  });
});

describe('chunking', () => {
  it('given any text and any cuts into chunks, then the lines are those of splitting the whole text at once', () => {
    const piece = fc.constantFrom('a', 'é', '€', '😀', '\n', '\r\n', ',', '\u0000', 'long-ish-token');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 8 }), (pieces, raw) => {
        const input = Buffer.from(pieces.join(''));
        const cuts = raw.map((cut) => (input.length === 0 ? 0 : cut % input.length));
        expect(split(input, 32, cuts)).toEqual(split(input, 32));
      }),
    );
  });
});

describe('firstInvalidUtf8', () => {
  it.each([
    ['valid mixed text', bytes('aé€😀'), -1],
    ['a stray continuation byte', bytes('ab', [0x80]), 2],
    ['an overlong form', bytes([0xc0, 0xaf]), 0],
    ['a surrogate', bytes('x', [0xed, 0xa0, 0x80]), 1],
    ['past U+10FFFF', bytes([0xf4, 0x90, 0x80, 0x80]), 0],
    ['a truncated sequence at the end', bytes('ok', [0xe2, 0x82]), 2],
  ])('given %s, then it answers %i, as TextDecoder would accept or refuse', (_name, input, expected) => {
    expect(firstInvalidUtf8(input, 0, input.length)).toBe(expected);
    const decodes = (() => {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(input);
        return true;
      } catch {
        return false;
      }
    })();
    expect(decodes).toBe(expected === -1);
  });
});
