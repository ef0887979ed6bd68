// Publishing at a fixed rate: a token bucket refilled by elapsed time, checked every ~1 ms;
// each check sends what is due. Sends are not awaited one by one (a slow reply must not
// hold the next ones back); all are awaited at the end.
import { sleep } from './stats.ts';

export interface Paced {
  readonly sent: number;
  readonly elapsedMs: number;
  /** Achieved rate, events/s. */
  readonly ratePerS: number;
}

export async function paced(
  ratePerS: number,
  seconds: number,
  send: (from: number, count: number) => Promise<unknown>,
): Promise<Paced> {
  const pending: Promise<unknown>[] = [];
  const started = performance.now();
  const durationMs = seconds * 1000;
  let sent = 0;
  for (let elapsed = 0; elapsed < durationMs; elapsed = performance.now() - started) {
    const due = Math.floor((elapsed * ratePerS) / 1000) - sent;
    if (due > 0) {
      pending.push(send(sent, due));
      sent += due;
    }
    if (pending.length >= 1000) await Promise.all(pending.splice(0));
    await sleep(1);
  }
  const elapsedMs = performance.now() - started;
  await Promise.all(pending);
  return { sent, elapsedMs, ratePerS: (sent * 1000) / elapsedMs };
}
