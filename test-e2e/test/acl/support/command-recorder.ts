// Every command the services send, by the ACL user that sent it: MONITOR on the harness's
// connection. MONITOR shows a client's address, not its user, so the recorder keeps each
// address's commands (once per shape: digits masked, which is all ACL rules can tell apart)
// and learns users from CLIENT LIST, asked whenever a new address shows up and while the
// connection is still open. A connection gone before that (a CLI run that was over before its
// lines were read) is attributed by the name it gave itself (CLIENT SETNAME) and the time it
// first spoke, through the test's `userOfName`. Calls made inside a Lua script show as source
// `lua` right after the EVAL/EVALSHA that ran them, and are the caller's.
import { Redis } from 'ioredis';

export interface RecordedCommands {
  /** user → distinct commands (first seen of each shape). */
  readonly byUser: ReadonlyMap<string, readonly string[][]>;
  /** Commands of connections whose user could not be told, with their connection's name. */
  readonly unattributed: readonly string[];
}

export interface CommandRecorder {
  stop(): Promise<RecordedCommands>;
}

/** The user of a connection named `name` that first spoke at `atMs` (epoch ms), when known. */
export type UserOfName = (name: string, atMs: number) => string | undefined;

interface Connection {
  name: string;
  firstMs: number;
  readonly commands: Map<string, string[]>;
}

const shapeOf = (args: readonly string[]) =>
  args.map((arg) => arg.slice(0, 80).replace(/\d+/g, '0')).join('\u0000');

export async function recordCommands(
  url: string,
  ignoreUser: string,
  userOfName: UserOfName,
): Promise<CommandRecorder> {
  const admin = new Redis(url);
  const monitor = await new Redis(url).monitor();
  const userOf = new Map<string, string>();
  const connections = new Map<string, Connection>();
  let lastCaller = '';
  let lookup: Promise<void> = Promise.resolve();
  let scheduled = false;

  const refreshUsers = async () => {
    const list = (await admin.call('CLIENT', 'LIST')) as string;
    for (const line of list.split('\n')) {
      const addr = /\baddr=(\S+)/.exec(line)?.[1];
      const user = /\buser=(\S+)/.exec(line)?.[1];
      // A connection not yet logged in shows as `default` (which is off): not its user.
      if (addr && user && user !== 'default') userOf.set(addr, user);
    }
  };

  monitor.on('monitor', (time: string, args: string[], source: string) => {
    // AUTH's arguments are redacted by Redis, and AUTH needs no permission.
    if (args[0]?.toUpperCase() === 'AUTH') return;
    const addr = source === 'lua' ? lastCaller : source;
    if (source !== 'lua') lastCaller = source;
    let connection = connections.get(addr);
    if (!connection) {
      connection = { name: '', firstMs: Number(time) * 1000, commands: new Map() };
      connections.set(addr, connection);
    }
    if (args[0]?.toLowerCase() === 'client' && args[1]?.toLowerCase() === 'setname')
      connection.name = args[2] ?? '';
    const shape = shapeOf(args);
    if (!connection.commands.has(shape)) connection.commands.set(shape, args);
    if (userOf.has(addr) || scheduled) return;
    scheduled = true;
    lookup = lookup.then(() => {
      scheduled = false;
      return refreshUsers();
    });
  });

  return {
    async stop() {
      await lookup;
      monitor.disconnect();
      admin.disconnect();
      const byUser = new Map<string, Map<string, string[]>>();
      const unattributed: string[] = [];
      for (const [addr, connection] of connections) {
        const user = userOf.get(addr) ?? userOfName(connection.name, connection.firstMs);
        if (user === ignoreUser) continue;
        if (user === undefined) {
          unattributed.push(
            `${addr} (${connection.name || 'no name'}): ${connection.commands.size} commands`,
          );
          continue;
        }
        const commands = byUser.get(user) ?? new Map<string, string[]>();
        byUser.set(user, commands);
        for (const [shape, args] of connection.commands) if (!commands.has(shape)) commands.set(shape, args);
      }
      return {
        byUser: new Map([...byUser].map(([user, commands]) => [user, [...commands.values()]])),
        unattributed,
      };
    },
  };
}
