// The demo's EventMonitor: replay-service on the demo's namespace, with tokens made up for
// this run, its page at http://127.0.0.1:<port>/ for as long as the demo runs; its Ledger tab
// reads the demo's fill-recorder at `ledgerUrl`.
import { randomBytes } from 'node:crypto';
import { type NamedServiceProcess, startService } from './service-process.ts';

export interface DemoMonitor {
  readonly service: NamedServiceProcess;
  /** Resolves once its routes answer. */
  readonly ready: Promise<{
    readonly url: string;
    readonly readToken: string;
    readonly operatorToken: string;
  }>;
}

export function startMonitor(env: Readonly<Record<string, string>>, ledgerUrl: string): DemoMonitor {
  const readToken = `read-${randomBytes(12).toString('hex')}`;
  const operatorToken = `operator-${randomBytes(12).toString('hex')}`;
  const service = startService('replay-service', {
    ...env,
    API_READ_TOKEN: readToken,
    API_OPERATOR_TOKEN: operatorToken,
    // The demo's own runs (its backtest) are not to be resumed by a later demo on the same Redis.
    REPLAY_RESUME_ON_START: 'false',
    REPLAY_LEDGER_URL: ledgerUrl,
  });
  const ready = Promise.all([service.logged('starting'), service.logged('running')]).then(([line]) => ({
    url: `http://127.0.0.1:${line.port}/`,
    readToken,
    operatorToken,
  }));
  ready.catch(() => undefined);
  return { service, ready };
}

/** The line the demo prints. */
export function monitorLine(monitor: { url: string; readToken: string; operatorToken: string }): string {
  return `monitor     ${monitor.url}  (read token ${monitor.readToken}, operator token ${monitor.operatorToken})`;
}
