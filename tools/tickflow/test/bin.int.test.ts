// The real binary, as a shell runs it: `node tools/tickflow/src/main.ts` — help, exit codes
// that reach the shell, and a real SIGINT (Ctrl-C) interrupting a replay with exit 130.
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { partitionKeys } from '@tickflow/events';
import { waitFor } from '@tickflow/testkit';
import { describe, expect, it } from 'vitest';
import { seedHistory } from './support/history.ts';
import { redisForThisFile } from './support/redis-file.ts';

const root = resolve(import.meta.dirname, '../../..');
const main = 'tools/tickflow/src/main.ts';
const file = redisForThisFile();

function run(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [main, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
}

describe('the tickflow binary', () => {
  it('prints its help (exit 0), and its exit codes reach the shell', () => {
    const help = run(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: tickflow \[options\] \[command\]\n/);
    for (const command of [
      'replay',
      'events',
      'event',
      'groups',
      'group',
      'dlq',
      'digest',
      'diff',
      'audit',
    ]) {
      expect(help.stdout).toMatch(new RegExp(`\\n  ${command} `));
    }
    const usage = run(['replay', '--bogus']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("error: unknown option '--bogus'");
    const failed = run(['--redis-url', 'redis://127.0.0.1:1', 'audit']);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/^tickflow: cannot connect to /);
  });

  it('exits 130 on SIGINT during a replay, with the --resume hint', async () => {
    const namespace = 'bin-int';
    // 40 rounds 1 s of event time apart, at ×10: about 4 s, interrupted well before.
    await seedHistory(file.redis, { namespace, partitions: 2 }, 40, { spacingMs: 1_000, chains: false });
    const child = spawn(process.execPath, [main, 'replay', '--speed', '10x', '--target', 'bin-int-t'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...file.env(namespace, 2) },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    try {
      const written = () =>
        file.redis.exists(...[0, 1].map((p) => partitionKeys('bin-int-t', 'market_data', p).stream));
      await waitFor(async () => /^replay \w+:/.test(stdout) && (await written()) > 0, {
        timeoutMs: 20_000,
        description: 'the replay under way',
      });
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      const id = /^replay (\w+):/.exec(stdout)?.[1];
      expect(stdout).toContain(`replay ${id} interrupted after`);
      expect(stderr).toContain(`replay --resume ${id}`);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
