// A one-line progress display for a terminal: rewritten in place with `\r` every 200 ms, on
// stderr (logs go to stdout). Only ever started when stderr is a TTY: piped or in a pod,
// the service prints nothing of it.
import { etaSeconds, type IngestProgress, percentRead } from './progress.ts';
import { createRateMeter } from './rate-meter.ts';

export interface ProgressView {
  readonly records: number;
  /** Records per second. */
  readonly rate: number;
  readonly rejected: number;
  /** 0-100, when the file's size is known. */
  readonly percent: number | undefined;
  readonly etaSeconds: number | undefined;
}

const BAR_WIDTH = 20;
const numbers = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** The line shown, e.g. `ingest  12,345 rows  8,231 rows/s  [#########-----------]  45.2%  ETA 0:12`. */
export function formatProgress(view: ProgressView): string {
  const parts = [`ingest  ${numbers.format(view.records)} rows`, `${numbers.format(view.rate)} rows/s`];
  if (view.percent !== undefined) {
    const filled = Math.round((view.percent / 100) * BAR_WIDTH);
    parts.push(`[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]  ${view.percent.toFixed(1)}%`);
  }
  if (view.etaSeconds !== undefined) parts.push(`ETA ${clock(view.etaSeconds)}`);
  if (view.rejected > 0) parts.push(`${numbers.format(view.rejected)} rejected`);
  return parts.join('  ');
}

/** h:mm:ss, or m:ss under an hour. */
function clock(seconds: number): string {
  const total = Math.ceil(seconds);
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

export interface ProgressBar {
  /** Draws the final state and ends the line. */
  stop(): void;
}

/** Redraws `progress` on `terminal` every `intervalMs` until stopped. */
export function startProgressBar(
  progress: IngestProgress,
  terminal: NodeJS.WriteStream,
  intervalMs = 200,
): ProgressBar {
  const rate = createRateMeter(progress.startMs);
  const draw = () => {
    const nowMs = performance.now();
    const line = formatProgress({
      records: progress.records,
      rate: rate(progress.records, nowMs),
      rejected: progress.rejected,
      percent: percentRead(progress),
      etaSeconds: etaSeconds(progress, nowMs),
    });
    // Cut to the terminal's width: a wrapped line would not be overwritten by the next `\r`.
    // (A pseudo-terminal may report 0 columns: take 80 then.)
    const width = (terminal.columns > 0 ? terminal.columns : 80) - 1;
    terminal.write(`\r${line.slice(0, width)}\x1b[K`);
  };
  const timer = setInterval(draw, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      draw();
      terminal.write('\n');
    },
  };
}
