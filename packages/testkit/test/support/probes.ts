import { readFileSync } from 'node:fs';
import { connect } from 'node:net';

/**
 * Tries one TCP connection.
 *
 * @returns `'refused'` on ECONNREFUSED, `'accepted'` when it connects.
 * @throws {Error} on any other outcome (e.g. a 2 s timeout), so a test cannot mistake it for either.
 */
export function probeTcp(host: string, port: number): Promise<'accepted' | 'refused'> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.setTimeout(2_000, () => {
      socket.destroy();
      reject(new Error(`connect to ${host}:${port} timed out`));
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve('accepted');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      socket.destroy();
      if (error.code === 'ECONNREFUSED') {
        resolve('refused');
      } else {
        reject(error);
      }
    });
  });
}

/**
 * True when no live process has this pid. A zombie (dead, not yet reaped by whoever inherited
 * it) counts as gone: it runs nothing and holds no sockets.
 */
export function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 3, after the parenthesised command name (which may itself contain spaces).
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}
