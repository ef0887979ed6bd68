// The `tickflow` program: global options, one module per command group, and the mapping of
// whatever a command throws to an exit code. runCli is the whole CLI minus process.exit, so
// tests run it in-process with their own streams and environment.
import { Command, Option } from 'commander';
import { registerAuditCommand } from './commands/audit.ts';
import { registerDigestCommands } from './commands/digest.ts';
import { registerDlqCommands } from './commands/dlq.ts';
import { registerEventCommands } from './commands/events.ts';
import { registerGroupCommands } from './commands/groups.ts';
import { registerPartitionsCommand } from './commands/partitions.ts';
import { registerReplayCommand } from './commands/replay.ts';
import { type CommandContext, createContext, type GlobalOptions, type Io } from './context.ts';
import { EXIT_OK, exitFor } from './exit-codes.ts';
import { addRedisTlsOptions, mergeRedisTlsFlags } from './options/redis-tls-flags.ts';

/** Wraps a command's body: the context from the global options, closed afterwards. */
export type Define = <A extends unknown[]>(
  body: (context: CommandContext, ...args: A) => Promise<void>,
) => (...args: unknown[]) => Promise<void>;

export function buildProgram(io: Io): Command {
  const output = {
    writeOut: (text: string) => io.stdout.write(text),
    writeErr: (text: string) => io.stderr.write(text),
  };
  const program = new Command('tickflow')
    .description('Replay, inspect and repair Tickflow history in Redis.')
    .option(
      '--redis-url <url>',
      'Redis to use, or a cluster: redis+cluster://host:port,host:port (default $REDIS_URL, else redis://127.0.0.1:6379); ' +
        'credentials: $REDIS_USERNAME, $REDIS_PASSWORD or $REDIS_PASSWORD_FILE',
    )
    .option('-n, --namespace <name>', 'namespace (default $TICKFLOW_NAMESPACE, else live)')
    .option(
      '--partitions <count>',
      'partition count of the namespace, before the command (default $TICKFLOW_PARTITIONS, else 8)',
    )
    .option('--json', 'print one JSON document for scripts instead of text')
    // Program options only before the command: after it, `--partitions` is a selection's
    // list of partitions (as the HTTP API's `partitions`), not the namespace's count.
    .enablePositionalOptions()
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput(output)
    .showHelpAfterError('(add --help for usage)');
  addRedisTlsOptions(program);

  const define: Define =
    (body) =>
    async (...args) => {
      const command = args.at(-1) as Command;
      const context = createContext(globalOptionsOf(command), io);
      try {
        await body(context, ...(args.slice(0, -1) as never));
      } finally {
        context.close();
      }
    };
  for (const register of [
    registerReplayCommand,
    registerEventCommands,
    registerGroupCommands,
    registerDlqCommands,
    registerDigestCommands,
    registerAuditCommand,
    registerPartitionsCommand,
  ]) {
    register(program, define);
  }
  for (const command of allCommands(program)) {
    // Every subcommand reports usage errors through the same override and output.
    command.exitOverride().configureOutput(output);
    // --json, -n and --redis-url read the same after the command as before it.
    if (command.commands.length === 0) {
      command
        .addOption(new Option('--json').hideHelp())
        .addOption(new Option('-n, --namespace <name>').hideHelp())
        .addOption(new Option('--redis-url <url>').hideHelp());
      addRedisTlsOptions(command, true);
    }
  }
  return program;
}

function allCommands(command: Command): Command[] {
  return command.commands.flatMap((child) => [child, ...allCommands(child)]);
}

/** The program's options, with those repeated after the command taking precedence (not --partitions). */
function globalOptionsOf(command: Command): GlobalOptions {
  let root = command;
  while (root.parent) root = root.parent;
  const globals = root.opts<GlobalOptions>();
  const own = command.opts<GlobalOptions>();
  const redisUrl = own.redisUrl ?? globals.redisUrl;
  const namespace = own.namespace ?? globals.namespace;
  return {
    ...mergeRedisTlsFlags(own, globals),
    ...(redisUrl === undefined ? {} : { redisUrl }),
    ...(namespace === undefined ? {} : { namespace }),
    ...(globals.partitions === undefined ? {} : { partitions: globals.partitions }),
    json: own.json === true || globals.json === true,
  };
}

/** Runs the CLI on `argv` (without node and script); resolves with the exit code. */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  try {
    await buildProgram(io).parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    const { code, message } = exitFor(error, (flag) => flagValueIn(argv, flag));
    if (message !== undefined) io.stderr.write(`${message}\n`);
    return code;
  }
}

/** The last value given to `flag` in `argv` (`--flag value` or `--flag=value`). */
function flagValueIn(argv: readonly string[], flag: string): string | undefined {
  let value: string | undefined;
  argv.forEach((arg, at) => {
    if (arg === flag) value = argv[at + 1];
    else if (arg.startsWith(`${flag}=`)) value = arg.slice(flag.length + 1);
  });
  return value;
}
