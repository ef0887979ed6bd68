// Step mode from the terminal: Enter replays one event, a number + Enter that many, q
// cancels. Each step and the cancel go through the caller (which audits them, as the HTTP
// API's control calls are), and the progress is shown after each step.
import type { ReplayProgress, ReplayRun } from '@tickflow/replay';
import type { Io } from '../context.ts';
import { openLines } from '../terminal/lines.ts';
import { progressLine } from './progress-view.ts';

export interface StepControls {
  step(count: number): Promise<unknown>;
  cancel(): Promise<unknown>;
  /** Ctrl-C: stop resumably, as a SIGINT would. */
  interrupt(): void;
}

const ENDED: unique symbol = Symbol('ended');

/** Reads steps until the run ends (the last event, a cancel, Ctrl-C); end of input cancels. */
export async function driveSteps(io: Io, run: ReplayRun, controls: StepControls): Promise<void> {
  io.stderr.write('step mode: Enter replays one event, a number + Enter that many, q cancels\n');
  const lines = openLines(io, controls.interrupt);
  const ended = run.done.then((): typeof ENDED => ENDED);
  const show = (progress: ReplayProgress) => io.stderr.write(`${progressLine(progress)}\n`);
  try {
    for (;;) {
      const line: string | undefined | typeof ENDED = await Promise.race([lines.next('step> '), ended]);
      if (line === ENDED) return;
      if (lines.interrupted) {
        await run.done;
        return;
      }
      const text = line?.trim().toLowerCase();
      if (text === undefined || text === 'q' || text === 'quit') {
        await controls.cancel();
        return;
      }
      const steps = text === '' ? 1 : /^\d{1,6}$/.test(text) ? Number(text) : 0;
      if (steps < 1) {
        io.stderr.write('type Enter for one event, a number of events, or q to cancel\n');
        continue;
      }
      await controls.step(steps);
      show(run.progress());
    }
  } finally {
    lines.close();
  }
}
