import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

// Everything this process started and has not cleaned up yet. A test that fails (or forgets
// stop()) must not leave a redis-server running after the test process ends, so the last
// resort is a synchronous clean-up on 'exit' and on the usual termination signals.
const liveChildren = new Set<ChildProcess>();
const liveDirs = new Set<string>();
let hooksInstalled = false;

const TERMINATION_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Tracks a child process until it exits; it is SIGKILLed if this process ends first. */
export function trackChild(child: ChildProcess): void {
  installHooks();
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
}

/** Tracks a temporary directory; it is removed if this process ends before {@link untrackDir}. */
export function trackDir(dir: string): void {
  installHooks();
  liveDirs.add(dir);
}

/** Stops tracking a directory (its owner removed it). */
export function untrackDir(dir: string): void {
  liveDirs.delete(dir);
}

/** Synchronously SIGKILLs every tracked child and removes every tracked directory. */
export function cleanUpEverythingSync(): void {
  for (const child of liveChildren) {
    // SIGKILL also ends a SIGSTOPped process, so no SIGCONT is needed first.
    try {
      child.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  }
  liveChildren.clear();
  for (const dir of liveDirs) {
    try {
      // The killed server may still be closing files; retries cover a racing write.
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // Best effort: the process is ending anyway.
    }
  }
  liveDirs.clear();
}

function installHooks(): void {
  if (hooksInstalled) {
    return;
  }
  hooksInstalled = true;
  process.on('exit', cleanUpEverythingSync);
  for (const signal of TERMINATION_SIGNALS) {
    process.once(signal, () => onTerminationSignal(signal));
  }
}

function onTerminationSignal(signal: NodeJS.Signals): void {
  // A program that handles the signal itself (the demo on Ctrl-C) stops its children in
  // order; whatever it leaves is still killed by the 'exit' hook when it ends.
  if (process.listenerCount(signal) > 0) return;
  cleanUpEverythingSync();
  // Listening for a signal disables Node's default "terminate" action: nobody else handles
  // it, so re-raise it and the process dies the way it would have without us.
  process.kill(process.pid, signal);
}
