// A recent rate from a growing count, sampled whenever it is asked for (every 200 ms by the
// progress bar, every scrape by /metrics): the rate spans at least the window, so it is
// smooth on a terminal and still right between two scrapes 15 s apart.

/** The rate is measured over at least this much recent time, once there is that much. */
const WINDOW_MS = 5_000;
const MIN_SAMPLE_GAP_MS = 100;

/** Returns a function of (count so far, now in ms) → count per second, recently. */
export function createRateMeter(startMs: number): (count: number, nowMs: number) => number {
  const samples = [{ atMs: startMs, count: 0 }];
  return (count, nowMs) => {
    const latest = samples.at(-1);
    if (latest !== undefined && nowMs - latest.atMs >= MIN_SAMPLE_GAP_MS)
      samples.push({ atMs: nowMs, count });
    // Drop the oldest sample only while the next one still reaches back a whole window.
    while (samples.length > 2 && nowMs - (samples[1]?.atMs ?? nowMs) >= WINDOW_MS) samples.shift();
    const oldest = samples[0] ?? { atMs: startMs, count: 0 };
    const elapsedMs = nowMs - oldest.atMs;
    return elapsedMs <= 0 ? 0 : ((count - oldest.count) * 1000) / elapsedMs;
  };
}
