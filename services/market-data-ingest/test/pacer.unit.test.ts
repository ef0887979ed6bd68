// Pacing decisions on a fake clock: realtime waits the input's spacing divided by the speed,
// anchored at the first record; fast never waits.
import { describe, expect, it } from 'vitest';
import { createPacer } from '../src/pipeline/pacer.ts';

const T0 = 1_582_329_601_000_000_000n;
const MS = 1_000_000n;

describe('createPacer', () => {
  it('given realtime at speed 10, when records come 1 s apart in event time, then each is due 100 ms after the one before', () => {
    const pacer = createPacer({ mode: 'realtime', speed: 10 });

    expect(pacer.delayMs(T0, 5_000)).toBe(0);
    expect(pacer.delayMs(T0 + 1_000n * MS, 5_000)).toBe(100);
    expect(pacer.delayMs(T0 + 2_000n * MS, 5_100)).toBe(100);
    expect(pacer.delayMs(T0 + 2_500n * MS, 5_200)).toBe(50);
  });

  it('given realtime, when the reader fell behind or an input is out of order, then it is due at once, and the schedule stays anchored', () => {
    const pacer = createPacer({ mode: 'realtime', speed: 1 });

    pacer.delayMs(T0, 0);
    expect(pacer.delayMs(T0 + 10n * MS, 50)).toBe(0);
    expect(pacer.delayMs(T0 - 5n * MS, 60)).toBe(0);
    expect(pacer.delayMs(T0 + 100n * MS, 60)).toBe(40);
  });

  it('given fast, then nothing ever waits', () => {
    const pacer = createPacer({ mode: 'fast' });

    expect(pacer.delayMs(T0, 0)).toBe(0);
    expect(pacer.delayMs(T0 + 86_400_000n * MS, 0)).toBe(0);
  });
});
