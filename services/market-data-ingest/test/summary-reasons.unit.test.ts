// The end-of-run summary's parts: rejections grouped by kind (the value taken out), counted
// with bounded memory, ranked; the numbers and exit code of a run; the text a person reads.
import { describe, expect, it } from 'vitest';
import { createProgress } from '../src/pipeline/progress.ts';
import {
  createRejectionTally,
  MAX_KINDS,
  OTHER_REASONS,
  rejectionKind,
} from '../src/pipeline/rejection-tally.ts';
import { ALL_REJECTED_EXIT_CODE, exitCodeOf, formatSummary, summarise } from '../src/pipeline/summary.ts';
import type { RejectedRecord } from '../src/source-record.ts';

const WRITTEN = { published: 0, duplicates: 0, rejected: 0, lastLine: 0 };

interface Counts {
  records: number;
  skipped: number;
  published: number;
  duplicates: number;
  rejected: number;
}

/** Totals of a run that started at 1,000 ms. */
function progressOf(counts: Counts) {
  return Object.assign(createProgress(1_000, 1_000, 0), counts);
}

function rejected(line: number, field: string, reason: string): RejectedRecord {
  return { ok: false, line, field, reason, raw: '' };
}

describe('rejectionKind', () => {
  it('given reasons that differ only in the value they quote, then they are one kind, which keeps the field and column', () => {
    const kinds = ['"abc"', '"1,2"', '"say \\"hi\\""'].map((got) =>
      rejectionKind({
        field: 'bid_price',
        reason: `expected an exact decimal string like "123.45", got ${got} (column "bid_price")`,
      }),
    );

    expect(new Set(kinds)).toEqual(
      new Set(['bid_price: expected an exact decimal string like "123.45", got "…" (column "bid_price")']),
    );
  });

  it('given a bare number after "got", JSON syntax errors at different positions and "; also" lists, then each is taken out', () => {
    expect(rejectionKind({ field: 'ts_event', reason: 'a timestamp cannot be before 1970, got -5 ns' })).toBe(
      'ts_event: a timestamp cannot be before 1970, got … ns',
    );
    expect(
      rejectionKind({
        field: '(line)',
        reason:
          "not valid JSON: Expected ',' or '}' after property value in JSON at position 12 (line 1 column 13)",
      }),
    ).toBe("(line): not valid JSON: Expected ',' or '}' after property value in JSON");
    expect(
      rejectionKind({
        field: '(line)',
        reason: `not valid JSON: Unexpected token 'a', "abc" is not valid JSON`,
      }),
    ).toBe(`(line): not valid JSON: Unexpected token '…', "…" is not valid JSON`);
    expect(
      rejectionKind({ field: 'bid_size', reason: 'missing; also ask_size: expected a decimal, got "x"' }),
    ).toBe('bid_size: missing');
    expect(
      rejectionKind({ field: '(line)', reason: 'a quote inside unquoted cell 3; quote the whole cell' }),
    ).toBe('(line): a quote inside unquoted cell #; quote the whole cell');
  });
});

describe('createRejectionTally', () => {
  it('given rejections of several kinds, then top() ranks them by count, ties by first line, each with its first line', () => {
    const tally = createRejectionTally();
    tally.observer.written(WRITTEN, [
      rejected(3, 'bid_price', 'expected a decimal, got "a"'),
      rejected(4, 'ask_size', 'missing'),
      rejected(5, 'bid_price', 'expected a decimal, got "b"'),
    ]);
    tally.observer.written(WRITTEN, [
      rejected(9, 'ts_event', 'expected epoch µs, got "x"'),
      rejected(11, 'ask_size', 'missing'),
      rejected(12, 'bid_price', 'expected a decimal, got "c"'),
    ]);

    expect(tally.top(2)).toEqual([
      { reason: 'bid_price: expected a decimal, got "…"', count: 3, firstLine: 3 },
      { reason: 'ask_size: missing', count: 2, firstLine: 4 },
    ]);
    expect(tally.kinds).toBe(3);
  });

  it(`given more than ${MAX_KINDS} distinct kinds, then the rest are counted under one "other" kind and memory stays bounded`, () => {
    const tally = createRejectionTally();
    const many = Array.from({ length: MAX_KINDS + 50 }, (_, i) => rejected(i + 1, `field_${i}`, 'missing'));
    tally.observer.written(WRITTEN, many);
    tally.observer.written(WRITTEN, [rejected(1_000, 'field_0', 'missing')]);

    expect(tally.kinds).toBe(MAX_KINDS + 1);
    expect(tally.top(2)).toEqual([
      { reason: OTHER_REASONS, count: 50, firstLine: MAX_KINDS + 1 },
      { reason: 'field_0: missing', count: 2, firstLine: 1 },
    ]);
  });
});

describe('summarise and exitCodeOf', () => {
  it('given a finished run that rejected every row it read, then allRejected and the exit code is 3', () => {
    const summary = summarise(
      'finished',
      progressOf({ records: 4, skipped: 0, published: 0, duplicates: 0, rejected: 4 }),
      createRejectionTally(),
      3_000,
    );

    expect(summary).toMatchObject({
      read: 4,
      rejected: 4,
      elapsedMs: 2_000,
      rowsPerSecond: 2,
      allRejected: true,
    });
    expect(exitCodeOf(summary, 0)).toBe(ALL_REJECTED_EXIT_CODE);
    // A stop past its deadline keeps its own code; a SIGTERM mid-file is no verdict on the file.
    expect(exitCodeOf(summary, 1)).toBe(1);
    expect(exitCodeOf({ ...summary, end: 'stopped' }, 0)).toBe(0);
  });

  it('given rows already in the stream (dedupe) or an empty file, then it is not all rejected: exit 0', () => {
    const dedupe = summarise(
      'finished',
      progressOf({ records: 4, skipped: 0, published: 0, duplicates: 1, rejected: 3 }),
      createRejectionTally(),
      1_000,
    );
    const empty = summarise(
      'finished',
      progressOf({ records: 0, skipped: 0, published: 0, duplicates: 0, rejected: 0 }),
      createRejectionTally(),
      1_000,
    );

    expect(dedupe.alreadyIngested).toEqual({ total: 1, checkpoint: 0, dedupe: 1 });
    expect(exitCodeOf(dedupe, 0)).toBe(0);
    expect(empty).toMatchObject({ read: 0, rowsPerSecond: 0, allRejected: false });
    expect(exitCodeOf(empty, 0)).toBe(0);
  });
});

describe('formatSummary', () => {
  it('given a mixed run, then the text lists each count, the DLQ and the top reasons with their first line', () => {
    const tally = createRejectionTally();
    tally.observer.written(WRITTEN, [
      rejected(3, 'bid_price', 'expected a decimal, got "a"'),
      rejected(7, 'bid_price', 'expected a decimal, got "b"'),
    ]);
    const summary = summarise(
      'finished',
      progressOf({ records: 12_000, skipped: 9_000, published: 997, duplicates: 1_001, rejected: 2 }),
      tally,
      4_000,
    );

    expect(formatSummary(summary, 'quotes.csv', 'tf:{live}:ingest:dlq')).toBe(
      [
        'ingest of quotes.csv finished in 3.0 s (4,000 rows/s)',
        '  rows read         12,000',
        '  published         997',
        '  already ingested  10,001 (9,000 before the checkpoint, 1,001 already in the stream)',
        '  rejected          2, in the DLQ tf:{live}:ingest:dlq',
        '          2 × bid_price: expected a decimal, got "…" (first at line 3)',
        '',
      ].join('\n'),
    );
  });

  it('given messages skipped as not data, then the text counts them by reason after the rejections', () => {
    const summary = summarise(
      'finished',
      progressOf({ records: 10, skipped: 0, published: 7, duplicates: 0, rejected: 0 }),
      createRejectionTally(),
      1_000,
      { filter: 2, empty: 1 },
    );

    expect(summary.skippedMessages).toEqual({ filter: 2, empty: 1 });
    expect(formatSummary(summary, 'feed.ndjson', 'dlq')).toContain(
      '  rejected          0\n  skipped messages  3 (2 not matching the filter, 1 with no records)\n',
    );
  });

  it('given an all-rejected run with more kinds than listed, then it says how many more and the exit code', () => {
    const tally = createRejectionTally();
    tally.observer.written(
      WRITTEN,
      Array.from({ length: 7 }, (_, i) => rejected(i + 2, `f${i}`, 'missing')),
    );
    const text = formatSummary(
      summarise(
        'finished',
        progressOf({ records: 7, skipped: 0, published: 0, duplicates: 0, rejected: 7 }),
        tally,
        2_000,
      ),
      'bad.csv',
      'dlq',
    );

    expect(text).toContain(
      '          1 × f4: missing (first at line 6)\n    … and 2 more kinds of rejection\n',
    );
    expect(text).toContain(`  every row was rejected: exit code ${ALL_REJECTED_EXIT_CODE}\n`);
  });

  it('given runs of under a second, seconds and minutes, then the time reads in ms, s, or min and s', () => {
    const firstLine = (nowMs: number) =>
      formatSummary(
        summarise(
          'stopped',
          progressOf({ records: 0, skipped: 0, published: 0, duplicates: 0, rejected: 0 }),
          createRejectionTally(),
          nowMs,
        ),
        'q.csv',
        'dlq',
      ).split('\n')[0];

    expect(firstLine(1_850.4)).toBe('ingest of q.csv stopped in 850 ms (0 rows/s)');
    expect(firstLine(13_345)).toBe('ingest of q.csv stopped in 12.3 s (0 rows/s)');
    expect(firstLine(246_000)).toBe('ingest of q.csv stopped in 4 min 05 s (0 rows/s)');
  });
});
