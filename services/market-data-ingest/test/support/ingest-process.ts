// The service as a child process (`node src/main.ts`, the testkit's launcher), as it runs in
// production: its env, its output, its exit code, and signals. Every process started is
// killed by killAll().
import { fileURLToPath } from 'node:url';
import { type ServiceProcess, startServiceProcess, waitFor } from '@tickflow/testkit';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const SERVICE_DIR = fileURLToPath(new URL('../..', import.meta.url));
const live = new Set<ServiceProcess>();

export interface IngestProcess extends ServiceProcess {
  /** `exited` (the exit code, or the signal that ended it), waited for with a deadline. */
  exitCode(timeoutMs?: number): Promise<number | string>;
}

/** Starts the service with the kit's test settings plus `env`. */
export function startIngest(env: Readonly<Record<string, string>>): IngestProcess {
  const service = startServiceProcess(
    MAIN,
    {
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      LOG_PRETTY: 'false',
      SHUTDOWN_GRACE_MS: '15000',
      ...env,
    },
    SERVICE_DIR,
  );
  live.add(service);
  void service.exited.then(() => live.delete(service));
  return {
    ...service,
    async exitCode(timeoutMs = 30_000) {
      // The attempt stays pending until the exit: at the deadline waitFor gives up on it.
      const waited = waitFor(async () => ({ code: await service.exited }), {
        timeoutMs,
        description: 'the ingest process to exit',
      });
      const { code } = await waited.catch((error: unknown) => {
        throw new Error(`${String(error)}; its output:\n${service.output().slice(-2_000)}`, { cause: error });
      });
      return code;
    },
  };
}

/** SIGKILLs every process still running and waits for each to be gone. */
export async function killAll(): Promise<void> {
  const services = [...live];
  for (const { child } of services) child.kill('SIGKILL');
  await Promise.all(services.map((service) => service.exited));
}
