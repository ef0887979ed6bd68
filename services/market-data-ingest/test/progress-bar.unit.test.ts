// The terminal progress line, and the rate and ETA it shows.
import { describe, expect, it } from 'vitest';
import { createProgress, etaSeconds, percentRead } from '../src/pipeline/progress.ts';
import { formatProgress } from '../src/pipeline/progress-bar.ts';
import { createRateMeter } from '../src/pipeline/rate-meter.ts';

describe('formatProgress', () => {
  it('given a file half read, then it shows rows, rate, a half-full bar, percent, ETA and rejects', () => {
    expect(
      formatProgress({ records: 12_345, rate: 8_231.4, rejected: 3, percent: 50, etaSeconds: 72.2 }),
    ).toBe('ingest  12,345 rows  8,231 rows/s  [##########----------]  50.0%  ETA 1:13  3 rejected');
  });

  it('given a feed of unknown size, then it shows rows and rate only', () => {
    expect(
      formatProgress({ records: 10, rate: 2, rejected: 0, percent: undefined, etaSeconds: undefined }),
    ).toBe('ingest  10 rows  2 rows/s');
  });

  it('given more than an hour left, then the ETA has hours', () => {
    expect(formatProgress({ records: 1, rate: 1, rejected: 0, percent: 0, etaSeconds: 3_725 })).toContain(
      'ETA 1:02:05',
    );
  });
});

describe('progress', () => {
  it('given a quarter of a file read in 2 s, then it is 25 % and 6 s from done', () => {
    const progress = createProgress(1_000, 0, 0);
    progress.bytesRead = 250;

    expect(percentRead(progress)).toBe(25);
    expect(etaSeconds(progress, 2_000)).toBe(6);
    expect(percentRead(createProgress(undefined, 0, 0))).toBeUndefined();
  });

  it('given a count growing 100 per second, then the rate meter says 100/s, however often it is asked', () => {
    const rate = createRateMeter(0);

    expect(rate(50, 500)).toBe(100);
    expect(rate(100, 1_000)).toBe(100);
    expect(rate(1_500, 15_000)).toBe(100);
    expect(rate(1_520, 15_200)).toBe(100);
  });
});
