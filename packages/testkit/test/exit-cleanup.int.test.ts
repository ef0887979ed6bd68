import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../src/index.ts';
import { processGone, servingPid } from './support/probes.ts';

const fixture = fileURLToPath(new URL('./fixtures/leak-redis.ts', import.meta.url));

interface Leaked {
  readonly pid: number;
  readonly port: number;
  readonly dataDir: string;
}

/** Runs the fixture; optionally signals it once it has printed its server. */
async function runFixture(
  mode: string,
  signal?: NodeJS.Signals,
): Promise<{ leaked: Leaked; code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(process.execPath, [fixture, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, exitSignal) => resolve({ code, signal: exitSignal })),
  );
  try {
    const line = await waitFor(() => (stdout.includes('\n') ? stdout.split('\n')[0] : undefined), {
      timeoutMs: 30_000,
      description: `the ${mode} fixture to print its server`,
    });
    if (signal !== undefined) {
      child.kill(signal);
    }
    const leaked = JSON.parse(line) as Leaked;
    const result = await exited;
    return { leaked, ...result, stderr };
  } finally {
    child.kill('SIGKILL');
  }
}

async function expectCleanedUp(leaked: Leaked): Promise<void> {
  await waitFor(() => processGone(leaked.pid), { description: `redis-server pid ${leaked.pid} to be gone` });
  expect(await servingPid('127.0.0.1', leaked.port)).not.toBe(leaked.pid);
  expect(existsSync(leaked.dataDir)).toBe(false);
}

describe('servers never outlive the test process', () => {
  it('kills a forgotten server when the process ends normally', async () => {
    const result = await runFixture('return');
    expect(result.code).toBe(0);
    await expectCleanedUp(result.leaked);
  });

  it('kills it when the process dies of an uncaught error', async () => {
    const result = await runFixture('throw');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/skips stop\(\)/);
    await expectCleanedUp(result.leaked);
  });

  it('kills it on process.exit()', async () => {
    const result = await runFixture('exit');
    expect(result.code).toBe(3);
    await expectCleanedUp(result.leaked);
  });

  it('kills it on SIGTERM, and the process still dies of SIGTERM', async () => {
    const result = await runFixture('wait', 'SIGTERM');
    expect(result.signal).toBe('SIGTERM');
    await expectCleanedUp(result.leaked);
  });
});
