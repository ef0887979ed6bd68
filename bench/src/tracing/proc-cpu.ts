// CPU time of other processes, read from Linux's /proc: the pipeline's services are separate
// programs (no IPC to ask them), and the feed's ingest process has exited by the time its
// figure is wanted, so it is read from what its parent (this process) collected when it
// reaped it. Undefined where /proc is not there.
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's times: USER_HZ, 100 on every mainstream Linux build. */
const TICKS_PER_S = 100;

/** [utime, stime, cutime, cstime] in ms from /proc/<pid>/stat; undefined if unreadable. */
function times(pid: number | 'self'): [number, number, number, number] | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the command name (which may hold spaces, inside parentheses): state is the
  // 3rd field of the line, utime the 14th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ms = (index: number) => (Number(fields[index - 3]) * 1000) / TICKS_PER_S;
  return [ms(14), ms(15), ms(16), ms(17)];
}

/** CPU used so far by the live process `pid` (all its threads), ms. */
export function processCpuMs(pid: number | undefined): number | undefined {
  const found = pid === undefined ? undefined : times(pid);
  return found === undefined ? undefined : found[0] + found[1];
}

/** CPU used by this process's children that have exited and been reaped, ms. */
export function reapedChildrenCpuMs(): number | undefined {
  const found = times('self');
  return found === undefined ? undefined : found[2] + found[3];
}
