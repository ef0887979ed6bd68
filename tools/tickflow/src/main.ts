#!/usr/bin/env node
// `tickflow <command>`: see `tickflow --help`.
import { runCli } from './cli.ts';

// `tickflow events --export | head` closes the pipe early: that is the reader's choice, not
// a failure to report with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  onInterrupt(handler) {
    let count = 0;
    // The first Ctrl-C asks the command to stop cleanly; a second one does not wait for it.
    const listener = () => {
      count += 1;
      if (count > 1) process.exit(130);
      handler();
    };
    process.on('SIGINT', listener);
    return () => process.off('SIGINT', listener);
  },
});
