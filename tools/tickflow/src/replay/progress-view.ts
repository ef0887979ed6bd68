// How a running replay shows its progress: one line with done / total, a bar, the rate and
// the ETA, redrawn in place on a terminal and printed every few seconds in a log.
import type { ReplayProgress } from '@tickflow/replay';
import type { Io } from '../context.ts';
import { clock, count } from '../format/time.ts';

const BAR_WIDTH = 20;

/** e.g. `replay  1,200/5,000 entries  [#####---------------]  24.0%  1,150 replayed  8,231 ev/s  ETA 0:12`. */
export function progressLine(progress: ReplayProgress): string {
  const { total } = progress;
  // The engine counts `scanned` when a whole batch (up to 1,000 entries) is through, while
  // every event written counts at once: the larger moves the bar smoothly in a paced run.
  const scanned = Math.max(progress.scanned, progress.replayed + progress.present);
  const fraction = total > 0 ? Math.min(1, scanned / total) : 1;
  const filled = Math.round(fraction * BAR_WIDTH);
  const parts = [
    `replay  ${count(scanned)}/${count(total)} entries`,
    `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]  ${(fraction * 100).toFixed(1)}%`,
    `${count(progress.replayed + progress.present)} replayed`,
    `${count(progress.ratePerSec)} ev/s`,
  ];
  if (progress.etaMs !== undefined) parts.push(`ETA ${clock(progress.etaMs / 1_000)}`);
  if (progress.state !== 'running') parts.push(progress.state);
  return parts.join('  ');
}

export interface ProgressReporter {
  /** Shows `final` (else the live progress) and stops; later calls do nothing. */
  stop(final?: ReplayProgress): void;
}

export interface ReporterOptions {
  /** The run's live progress; undefined once it is no longer running here. */
  readonly progress: () => ReplayProgress | undefined;
  /** Between two lines when stderr is not a terminal. */
  readonly everyMs: number;
}

/** On a terminal, a bar redrawn in place every 200 ms; otherwise a line every `everyMs`. On stderr. */
export function startReporter(io: Io, options: ReporterOptions): ProgressReporter {
  const terminal = io.stderr.isTTY === true;
  const show = (progress: ReplayProgress | undefined) => {
    if (progress === undefined) return;
    if (!terminal) {
      io.stderr.write(`${progressLine(progress)}\n`);
      return;
    }
    // Cut to the terminal's width: a wrapped line would not be overwritten by the next `\r`.
    const width = (io.stderr.columns !== undefined && io.stderr.columns > 0 ? io.stderr.columns : 80) - 1;
    io.stderr.write(`\r${progressLine(progress).slice(0, width)}\x1b[K`);
  };
  const timer = setInterval(() => show(options.progress()), terminal ? 200 : options.everyMs);
  timer.unref();
  let stopped = false;
  return {
    stop(final) {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      show(final ?? options.progress());
      if (terminal) io.stderr.write('\n');
    },
  };
}
