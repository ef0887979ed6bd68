// One job in a process of its own: `node <entry> '<json config>'`, forked with an IPC channel;
// the entry sends one ChildOutcome and exits. Used for what must not share the bench
// process: each tracing mode needs a process where no other mode's SDK ever ran.
import { fork } from 'node:child_process';

export type ChildOutcome<R> =
  | { readonly ok: true; readonly result: R }
  | { readonly ok: false; readonly error: string };

export async function runInChild<R>(entry: string, config: unknown, timeoutMs: number): Promise<R> {
  // The bench's own flags (the hop's publisher runs under them in the hop scenario).
  const child = fork(entry, [JSON.stringify(config)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: process.execArgv,
  });
  let outcome: ChildOutcome<R> | undefined;
  child.on('message', (message: ChildOutcome<R>) => {
    outcome ??= message;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  if (outcome === undefined) throw new Error(`${entry} exited (${code}) without a result`);
  if (!outcome.ok) throw new Error(`${entry} failed: ${outcome.error}`);
  return outcome.result;
}

/** The entry's side: runs `job`, sends its outcome, and exits (whatever handles are left). */
export async function answerParent<R>(job: () => Promise<R>): Promise<void> {
  let outcome: ChildOutcome<R>;
  try {
    outcome = { ok: true, result: await job() };
  } catch (error) {
    outcome = { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  await new Promise<void>((resolve) => process.send?.(outcome, undefined, {}, () => resolve()));
  process.exit(outcome.ok ? 0 : 1);
}
