// The demo's services: `node services/<name>/src/main.ts` processes (the testkit's launcher)
// with JSON logs at info, so the demo can wait for the lines it needs.
import { resolve } from 'node:path';
import { type ServiceProcess, startServiceProcess } from '@tickflow/testkit';

export const ROOT = resolve(import.meta.dirname, '../../..');

export interface NamedServiceProcess extends ServiceProcess {
  readonly name: string;
}

export function startService(name: string, env: Record<string, string>): NamedServiceProcess {
  const entry = resolve(ROOT, 'services', name, 'src/main.ts');
  const defaults = { HTTP_PORT: '0', HTTP_HOST: '127.0.0.1', LOG_LEVEL: 'info', LOG_PRETTY: 'false' };
  return { name, ...startServiceProcess(entry, { ...defaults, ...env }, ROOT) };
}
