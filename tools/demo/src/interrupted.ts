// Ctrl-C (SIGINT), SIGTERM or a closed terminal (SIGHUP): the demo stops its services in
// order instead of dying with them running. The services and Redis are in their own process
// groups, so the terminal's signal reaches the demo alone; a second signal ends it at once
// (the testkit then kills whatever is left when the process exits).
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

let first: Promise<'interrupted'> | undefined;

/** Resolves on the first termination signal. */
export function interrupted(): Promise<'interrupted'> {
  first ??= new Promise((resolve) => {
    let count = 0;
    for (const signal of SIGNALS) {
      process.on(signal, () => {
        count++;
        if (count === 1) {
          console.log(`\n${signal}: stopping the services...`);
          resolve('interrupted');
        } else process.exit(130);
      });
    }
  });
  return first;
}
