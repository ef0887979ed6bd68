// Z-score of the latest value against the rolling window that includes it:
// (x − mean) / std, with the population std of RollingStd.
import { z } from 'zod';
import { assertPeriod, type ScalarIndicator } from './indicator.ts';
import { RollingStd, type RollingStdSnapshot } from './rolling-std.ts';
import { parseSnapshot } from './snapshot-schema.ts';

/**
 * A std at or below this fraction of |mean| is rounding noise (the noise of the
 * incremental M2 is ~1e-16·|mean|; a real price window's std is far above 1e-12·|mean|):
 * the window is flat, and the z-score is 0 rather than noise divided by noise.
 */
export const FLAT_WINDOW_RELATIVE_STD = 1e-12;

const zScoreSnapshot = z.strictObject({
  kind: z.literal('z-score'),
  std: z.unknown(),
});

export interface ZScoreSnapshot {
  readonly kind: 'z-score';
  readonly std: RollingStdSnapshot;
}

export class ZScore implements ScalarIndicator {
  readonly period: number;
  #std: RollingStd;

  /** The z-score of each value against the last `period` values (an integer ≥ 2) including it. */
  constructor(period: number) {
    assertPeriod('ZScore', period, 2);
    this.#std = new RollingStd(period);
    this.period = period;
  }

  update(x: number): number | undefined {
    this.#std.update(x);
    return this.value;
  }

  get ready(): boolean {
    return this.#std.ready;
  }

  /** The latest value's z-score; 0 when the window is flat; undefined until `period` updates. */
  get value(): number | undefined {
    const std = this.#std.value;
    const latest = this.#std.latest;
    if (std === undefined || latest === undefined) return undefined;
    const mean = this.#std.mean;
    if (std <= FLAT_WINDOW_RELATIVE_STD * Math.abs(mean)) return 0;
    return (latest - mean) / std;
  }

  /** The window's mean (0 when empty). */
  get mean(): number {
    return this.#std.mean;
  }

  /** The window's population std; undefined until `period` updates. */
  get std(): number | undefined {
    return this.#std.value;
  }

  toJSON(): ZScoreSnapshot {
    return { kind: 'z-score', std: this.#std.toJSON() };
  }

  /** Rebuilds a ZScore from `toJSON()` output; throws RangeError for anything else. */
  static fromJSON(snapshot: unknown): ZScore {
    const parsed = parseSnapshot('z-score', zScoreSnapshot, snapshot);
    const std = RollingStd.fromJSON(parsed.std);
    const zScore = new ZScore(std.period);
    zScore.#std = std;
    return zScore;
  }
}
