// Services as real processes, as they run in production (the testkit's launcher). Every
// process started here is killed when the test file ends.
import { resolve } from 'node:path';
import { killServices, type ServiceProcess, startServiceProcess } from '@tickflow/testkit';
import { afterAll } from 'vitest';

export const root = resolve(import.meta.dirname, '../../..');
const started: ServiceProcess[] = [];

afterAll(() => killServices(started));

export function startService(name: string, env: Record<string, string>): ServiceProcess {
  const defaults = { HTTP_PORT: '0', HTTP_HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  const service = startServiceProcess(
    resolve(root, 'services', name, 'src/main.ts'),
    { ...defaults, ...env },
    root,
  );
  started.push(service);
  return service;
}
