import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { sendRespCommands } from '../../src/resp-client.ts';

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

/**
 * The pid of the redis-server answering on host:port, or undefined when the port refuses.
 * Tests run in parallel, so a port one test freed may already serve another test's server:
 * "our server is gone" means this is not its pid, not that the port is closed. That other
 * server may also be starting or stopping as we ask (it accepts, then resets the connection):
 * then the port is asked again, a few times.
 */
export async function servingPid(host: string, port: number): Promise<number | undefined> {
  for (let attempt = 1; ; attempt++) {
    if ((await probeTcp(host, port)) === 'refused') return undefined;
    let info: Awaited<ReturnType<typeof sendRespCommands>>[number] | undefined;
    try {
      [info] = await sendRespCommands({ host, port }, [['INFO', 'server']]);
    } catch (error) {
      const reset =
        (error as NodeJS.ErrnoException).code === 'ECONNRESET' ||
        /closed after 0 replies/.test(String(error));
      if (reset && attempt < 5) continue;
      throw error;
    }
    const pid = info?.kind === 'bulk' ? /process_id:(\d+)/.exec(info.value ?? '')?.[1] : undefined;
    if (pid === undefined)
      throw new Error(`${host}:${port} accepts connections but is not a Redis answering INFO`);
    return Number(pid);
  }
}
