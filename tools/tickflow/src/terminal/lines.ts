// Lines typed on the terminal, one at a time, for confirmations and step mode. Only ever
// opened when stdin is a TTY: a command that would ask refuses instead when nobody can answer.
import { createInterface } from 'node:readline';
import type { Io } from '../context.ts';

export interface LineReader {
  /** Shows `prompt` (on stderr) and resolves with the next line; undefined once input has ended. */
  next(prompt: string): Promise<string | undefined>;
  /** True once Ctrl-C was pressed at the prompt (input has ended then). */
  readonly interrupted: boolean;
  close(): void;
}

/** True when a person can answer on stdin. */
export function canAsk(io: Io): boolean {
  return io.stdin?.isTTY === true;
}

/** Opens stdin for lines; `onInterrupt` is called on Ctrl-C at the prompt. */
export function openLines(io: Io, onInterrupt?: () => void): LineReader {
  const input = io.stdin;
  if (input === undefined) throw new Error('no stdin to read from');
  const reader = createInterface({ input, output: io.stderr });
  const lines: string[] = [];
  let ended = false;
  let interrupted = false;
  // On a terminal readline reads keys in raw mode: Ctrl-C reaches it, not the process as
  // SIGINT. Without this listener readline would just close, and the command take it for "no".
  reader.on('SIGINT', () => {
    interrupted = true;
    io.stderr.write('\n');
    onInterrupt?.();
    reader.close();
  });
  let waiting: ((line: string | undefined) => void) | undefined;
  reader.on('line', (line) => {
    if (waiting) {
      const resolve = waiting;
      waiting = undefined;
      resolve(line);
    } else lines.push(line);
  });
  reader.on('close', () => {
    ended = true;
    waiting?.(undefined);
    waiting = undefined;
  });
  return {
    get interrupted() {
      return interrupted;
    },
    next(prompt) {
      const queued = lines.shift();
      if (queued !== undefined) return Promise.resolve(queued);
      if (ended) return Promise.resolve(undefined);
      reader.setPrompt(prompt);
      reader.prompt();
      return new Promise((resolve) => {
        waiting = resolve;
      });
    },
    close() {
      reader.close();
      // readline resumed stdin: pause it again, or it would keep the process alive.
      input.pause();
    },
  };
}
