// The targets' arithmetic: ratios to raw in the same run, read the right way round.
import { expect, it } from 'vitest';
import { atMost, atMostTimesRaw, besideRaw, table, vsRaw } from '../src/report.ts';

it('vsRaw passes a higher-is-better figure at minRatio × raw', () => {
  expect(vsRaw('s', 'events/s', 85, 100, 0.85)).toMatchObject({
    ratio: 0.85,
    pass: true,
    target: '≥ 0.85× raw',
  });
  expect(vsRaw('s', 'events/s', 84, 100, 0.85).pass).toBe(false);
  expect(vsRaw('s', 'events/s', 1, 0, 0.85).pass).toBe(false);
});

it('atMostTimesRaw passes a lower-is-better figure up to maxRatio × raw', () => {
  const metric = atMostTimesRaw('p99', 'ms', 3, 2, 1.5);
  expect(metric).toMatchObject({ ratio: 1.5, lowerIsBetter: true, pass: true, target: '≤ 1.5× raw' });
  expect(atMostTimesRaw('p99', 'ms', 3.1, 2, 1.5).pass).toBe(false);
  // No raw figure to compare with: no pass.
  expect(atMostTimesRaw('p99', 'ms', 3, 0, 1.5).pass).toBe(false);
});

it('atMost keeps an absolute bound, with the ratio shown as project / raw', () => {
  expect(atMost('rss', 'MB', 200, 100, 256)).toMatchObject({ ratio: 2, pass: true, target: '≤ 256 MB' });
  expect(atMost('rss', 'MB', 257, 300, 256).pass).toBe(false);
});

it('besideRaw shows a ratio and sets no target', () => {
  const metric = besideRaw('p99.9', 'ms', 4, 2, true);
  expect(metric).toMatchObject({ ratio: 2, lowerIsBetter: true });
  expect(metric.target).toBeUndefined();
  expect(metric.pass).toBeUndefined();
});

it('compares with another baseline than raw when told (tracing off), saying so', () => {
  expect(vsRaw('s', 'events/s', 96, 100, 0.95, 'off')).toMatchObject({
    ratio: 0.96,
    pass: true,
    target: '≥ 0.95× off',
    baseline: 'off',
  });
  expect(atMostTimesRaw('p99', 'ms', 1.3, 1, 1.25, 'off')).toMatchObject({
    pass: false,
    target: '≤ 1.25× off',
    baseline: 'off',
  });
  expect(besideRaw('p50', 'ms', 2, 1, true, 'off')).toMatchObject({ ratio: 2, baseline: 'off' });
  expect(vsRaw('s', 'events/s', 1, 1, 0.85)).not.toHaveProperty('baseline');
  const rows = table([
    {
      scenario: 'tracing',
      status: 'ok',
      metrics: [vsRaw('hop 1 %: sustained', 'events/s', 96, 100, 0.95, 'off')],
    },
  ]);
  expect(rows).toMatch(/\|\s+96\.00 \|\s+100 \(off\) \| 0\.96× \| ≥ 0\.95× off \| PASS\s+\|/);
});
