// The rule for a change that needs a yes: --yes applies; otherwise a person is asked y/N on
// the terminal, and without a terminal the command refuses (exit 2) rather than guess.
import { BadInputError } from '@tickflow/replay';
import type { Io } from '../context.ts';
import { CommandVerdict, EXIT_INTERRUPTED } from '../exit-codes.ts';
import { canAsk, openLines } from './lines.ts';

/**
 * Returns when the change may go ahead: `yes`, or "y" typed on the terminal. Throws
 * BadInputError('--yes') without a terminal, and a CommandVerdict when declined (exit 1) or
 * interrupted by Ctrl-C (exit 130).
 */
export async function confirmOrRefuse(io: Io, question: string, yes: boolean): Promise<void> {
  if (yes) return;
  if (!canAsk(io)) {
    throw new BadInputError('--yes', 'stdin is not a terminal, so nobody can confirm: add --yes to go ahead');
  }
  const lines = openLines(io);
  try {
    const answer = await lines.next(`${question} [y/N] `);
    if (answer !== undefined && /^\s*y(es)?\s*$/i.test(answer)) return;
  } finally {
    lines.close();
  }
  io.stderr.write('nothing changed\n');
  throw lines.interrupted
    ? new CommandVerdict('interrupted', EXIT_INTERRUPTED)
    : new CommandVerdict('declined');
}
