// startServiceProcess on a small fixture that logs as a service does: waiting for log lines
// printed before or after the call, several waiters for one message, a process that ends
// without the line, the deadline, and output cut anywhere.
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  killServices,
  SERVICE_NODE_FLAGS,
  type ServiceProcess,
  startServiceProcess,
  WaitTimeoutError,
} from '../src/index.ts';

const fixture = fileURLToPath(new URL('./fixtures/log-service.ts', import.meta.url));
const started: ServiceProcess[] = [];

afterAll(() => killServices(started));

function start(mode: 'serve' | 'crash' | 'chatty'): ServiceProcess {
  const service = startServiceProcess(fixture, { FIXTURE_MODE: mode }, import.meta.dirname);
  started.push(service);
  return service;
}

describe('startServiceProcess', () => {
  it('waits for a log line printed before the call or after it, by message or predicate', async () => {
    const service = start('serve');
    await service.waitForLog('listening');
    // "starting" came before "listening": logged() waits for the next one, waitForLog() has it.
    expect(await service.waitForLog('starting')).toEqual({
      level: 30,
      msg: 'starting',
      port: 1234,
      execArgv: [...SERVICE_NODE_FLAGS],
    });
    expect(await service.waitForLog((line) => typeof line.port === 'number')).toMatchObject({ port: 1234 });
    expect(service.logLines().map((line) => line.msg)).toEqual(['starting', 'listening']);

    const first = service.waitForLog('poked');
    const second = service.waitForLog((line) => line.msg === 'poked' && line.n === 2);
    const next = [service.logged('poked'), service.logged('poked')];
    service.child.kill('SIGUSR2');
    expect(await first).toMatchObject({ n: 1 });
    expect(await Promise.all(next)).toEqual([
      { level: 30, msg: 'poked', n: 1 },
      { level: 30, msg: 'poked', n: 1 },
    ]);
    service.child.kill('SIGUSR2');
    expect(await second).toMatchObject({ n: 2 });

    expect(await service.stop()).toBe(0);
    expect(service.logLines().at(-1)).toMatchObject({ msg: 'stopping' });
    expect(service.errors).toEqual([]);
  });

  it('rejects with the output when the process ends without the line, and at the deadline', async () => {
    const live = start('serve');
    await live.waitForLog('listening');
    const late = live.waitForLog('never printed', { timeoutMs: 100 });
    await expect(late).rejects.toBeInstanceOf(WaitTimeoutError);
    await expect(late).rejects.toThrow(
      /waiting for the log line "never printed" of .*its output:\n.*"starting"/s,
    );

    const crashed = start('crash');
    const pending = crashed.waitForLog('never printed', { description: 'the end of the world' });
    await expect(pending).rejects.toThrow(/ended \(3\) before printing the end of the world; its output:\n/);
    await expect(pending).rejects.toThrow(/boom/);
    expect(await crashed.exited).toBe(3);
    // After the end: a line it printed still resolves, one it never printed rejects at once.
    expect(await crashed.waitForLog('last words')).toMatchObject({ text: '€€' });
    await expect(crashed.waitForLog(() => false)).rejects.toThrow(/before printing a log line/);
    // stdout and stderr are two pipes: which is read first is not fixed.
    expect([...crashed.errors].sort()).toEqual(['boom', 'it went wrong']);
    expect(crashed.output()).toContain('not json\n');
  });

  it('keeps only the newest output and log lines of a chatty process', async () => {
    const chatty = start('chatty');
    expect(await chatty.exited).toBe(0);
    await chatty.waitForLog('chatty done');
    expect(chatty.output().length).toBeLessThanOrEqual(4_000_000);
    expect(chatty.output()).toContain('"msg":"chatty done"');
    const lines = chatty.logLines();
    expect(lines.length).toBeLessThanOrEqual(20_000);
    expect(lines.at(-2)).toMatchObject({ msg: 'chatter', n: 29_999 });
  });
});
