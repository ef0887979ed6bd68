// CSV lines split into cells, with RFC 4180 quoting inside a line.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitCsvLine } from '../src/csv/split-csv-line.ts';

describe('splitCsvLine', () => {
  it('given plain, quoted, escaped and empty cells, then each cell is its text', () => {
    expect(splitCsvLine('a,b,,c', ',')).toEqual(['a', 'b', '', 'c']);
    expect(splitCsvLine('"a,1","say ""hi""",', ',')).toEqual(['a,1', 'say "hi"', '']);
    expect(splitCsvLine('x;"y;z"', ';')).toEqual(['x', 'y;z']);
  });

  it('given an unclosed quote, text after a closing quote, or a stray quote, then it throws a RangeError', () => {
    expect(() => splitCsvLine('a,"b', ',')).toThrow(/not closed/);
    expect(() => splitCsvLine('"a"b,c', ',')).toThrow(/after the closing quote/);
    expect(() => splitCsvLine('a,b"c', ',')).toThrow(/quote inside unquoted cell/);
  });

  it('given any cells without newlines, when quoted and joined, then splitting gives them back', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', '1', ',', '"', ' ', '.', ';') });
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1 }), (cells) => {
        const line = cells.map((c) => `"${c.replaceAll('"', '""')}"`).join(',');
        expect(splitCsvLine(line, ',')).toEqual(cells);
      }),
    );
  });
});
