// The pacer on a hand-driven clock: where each event falls on the wall clock, across pauses
// and speed changes, and step credits.
import { describe, expect, it } from 'vitest';
import { createPacer } from '../src/engine/pacer.ts';
import { parseSpeed } from '../src/engine/speed.ts';
import { BadInputError } from '../src/errors.ts';

const MS = 1_000_000n;

function clock() {
  let now = 0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('createPacer', () => {
  it('at 10x, an event 100 ms of event time later is due 10 ms of wall time later', () => {
    const time = clock();
    const pacer = createPacer({ mode: 'paced', factor: 10 }, time.now);
    expect(pacer.ready(0n)).toBe(true);
    expect(pacer.ready(100n * MS)).toBe(false);
    time.advance(9.9);
    expect(pacer.ready(100n * MS)).toBe(false);
    time.advance(0.1);
    expect(pacer.ready(100n * MS)).toBe(true);
  });

  it('a pause holds the virtual event time: after resuming, the remaining gap is kept', () => {
    const time = clock();
    const pacer = createPacer({ mode: 'paced', factor: 1 }, time.now);
    pacer.ready(0n);
    time.advance(40);
    pacer.pause();
    time.advance(10_000);
    expect(pacer.ready(50n * MS)).toBe(false);
    pacer.resume();
    time.advance(9);
    expect(pacer.ready(50n * MS)).toBe(false);
    time.advance(1);
    expect(pacer.ready(50n * MS)).toBe(true);
  });

  it('a speed change applies from the current virtual time on', () => {
    const time = clock();
    const pacer = createPacer({ mode: 'paced', factor: 1 }, time.now);
    pacer.ready(0n);
    time.advance(100);
    pacer.setSpeed({ mode: 'paced', factor: 100 });
    // 100 ms of event time gone at 1x; the next 1,000 ms of event time take 10 ms at 100x.
    time.advance(9);
    expect(pacer.ready(1_100n * MS)).toBe(false);
    time.advance(1);
    expect(pacer.ready(1_100n * MS)).toBe(true);
  });

  it('step mode lets exactly the granted number of events through', () => {
    const pacer = createPacer({ mode: 'step' });
    pacer.grant(3);
    const through = Array.from({ length: 5 }, () => pacer.ready(0n)).filter(Boolean).length;
    expect(through).toBe(3);
  });

  it('max mode never holds an event back; a cancelled pacer throws its reason', async () => {
    const pacer = createPacer({ mode: 'max' });
    expect(pacer.ready(10n ** 18n)).toBe(true);
    pacer.pause();
    const waiting = pacer.wait(0n);
    pacer.cancel(new Error('cancelled by test'));
    await expect(waiting).rejects.toThrow('cancelled by test');
  });
});

describe('parseSpeed', () => {
  it('reads max, step, realtime and factors', () => {
    expect(parseSpeed('max')).toEqual({ mode: 'max' });
    expect(parseSpeed('step')).toEqual({ mode: 'step' });
    expect(parseSpeed('realtime')).toEqual({ mode: 'paced', factor: 1 });
    expect(parseSpeed('10x')).toEqual({ mode: 'paced', factor: 10 });
    expect(parseSpeed('x2.5')).toEqual({ mode: 'paced', factor: 2.5 });
  });

  it('rejects anything else, naming the parameter', () => {
    for (const bad of ['fast', '0x', '-2', '1e9', '']) {
      expect(() => parseSpeed(bad), bad).toThrow(BadInputError);
    }
    expect(() => parseSpeed('warp', 'speed')).toThrow(/^speed: /);
  });
});
