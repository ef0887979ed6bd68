// The CLI's exit codes: 0 ok, 1 failed (including "the runs differ" for diff, a failed run,
// a declined confirmation), 2 bad usage, 130 interrupted by Ctrl-C (as a shell reports SIGINT).
import { BadInputError } from '@tickflow/replay';
import { CommanderError } from 'commander';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

/** A command's own verdict that is not an error (diff found differences): its exit code, message already printed. */
export class CommandVerdict extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = EXIT_FAILED) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** A flag's value as given on the command line, to point into it (a filter's fault). */
export type FlagValue = (flag: string) => string | undefined;

/** The exit code for what a command threw, and the message to print (undefined: nothing more to say). */
export function exitFor(
  error: unknown,
  flagValue: FlagValue = () => undefined,
): { code: number; message: string | undefined } {
  if (error instanceof CommanderError) {
    // Help and version end with code 0; usage errors were already printed by commander.
    if (error.exitCode === 0) return { code: EXIT_OK, message: undefined };
    return { code: EXIT_USAGE, message: undefined };
  }
  if (error instanceof CommandVerdict) return { code: error.exitCode, message: undefined };
  if (error instanceof BadInputError) return { code: EXIT_USAGE, message: badInputMessage(error, flagValue) };
  const message = error instanceof Error ? error.message : String(error);
  return { code: EXIT_FAILED, message: `tickflow: ${message}` };
}

// The library names the HTTP parameter (fromId, chunkSize, to.timeMs); people typed a flag.
const ARGUMENTS: Readonly<Record<string, string>> = { refs: '<ref...>', group: '<group>', id: '<id>' };

/** The flag (or argument) a library parameter name stands for on the command line. */
export function flagOf(parameter: string): string {
  // A flag, an argument, or an environment variable (`$REDIS_PASSWORD_FILE`): as it is.
  if (parameter.startsWith('-') || parameter.startsWith('<') || parameter.startsWith('$')) return parameter;
  const name = parameter.split('.')[0] as string;
  return ARGUMENTS[name] ?? `--${name.replace(/[A-Z]/g, (upper) => `-${upper.toLowerCase()}`)}`;
}

function badInputMessage(error: BadInputError, flagValue: FlagValue): string {
  const flag = flagOf(error.parameter);
  const what = error.message.startsWith(`${error.parameter}: `)
    ? error.message.slice(error.parameter.length + 2)
    : error.message;
  const lines = [`tickflow: ${flag}: ${what}`];
  const value = flagValue(flag);
  if (error.position !== undefined && value !== undefined) {
    lines[0] += ` (position ${error.position})`;
    // The expression with a caret under the fault: a filter is read where it was typed.
    lines.push(`  ${value}`, `  ${' '.repeat(Math.min(error.position, value.length))}^`);
  }
  return lines.join('\n');
}
