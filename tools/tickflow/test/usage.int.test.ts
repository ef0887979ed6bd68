// Help and bad usage: `--help` of every command exits 0 and lists every option; a usage
// error exits 2 with a message naming the flag or argument at fault (a filter's with its
// position); Redis being away exits 1. Only the errors that need a connection reach Redis.
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli.ts';
import { parsed, tickflow } from './support/cli-run.ts';
import { redisForThisFile } from './support/redis-file.ts';

const file = redisForThisFile();
const env = () => file.env('usage', 4);

function commandsOf(command: Command, path: string[] = []): { path: string[]; command: Command }[] {
  return [
    { path, command },
    ...command.commands.flatMap((child) => commandsOf(child, [...path, child.name()])),
  ];
}

describe('tickflow --help', () => {
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const all = commandsOf(buildProgram({ stdout: sink, stderr: sink, env: {} }));

  it('covers the commands', () => {
    expect(all.map(({ path }) => path.join(' '))).toEqual([
      '',
      'replay',
      'events',
      'event',
      'groups',
      'group',
      'group rewind',
      'group undo',
      'dlq',
      'dlq list',
      'dlq requeue',
      'digest',
      'diff',
      'audit',
      'partitions',
    ]);
  });

  for (const { path, command } of all) {
    it(`tickflow ${[...path, '--help'].join(' ')} exits 0 and lists its options`, async () => {
      const result = await tickflow([...path, '--help']);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain(`Usage: tickflow${path.length > 0 ? ` ${path.join(' ')}` : ''} `);
      // Commander wraps long descriptions at 80 columns.
      expect(result.stdout.replace(/\s+/g, ' ')).toContain(command.description());
      const visible = command.options.filter((option) => !option.hidden);
      for (const option of visible) expect(result.stdout).toContain(option.flags);
      if (path.length > 0) expect(result.stdout).toContain('--redis-url <url>');
      if (command.commands.length === 0 && path.length > 0)
        expect(result.stdout).toContain('\nExamples:\n  $ tickflow ');
    });
  }
});

describe('bad usage exits 2 and says where', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown option', ['replay', '--bogus'], /^error: unknown option '--bogus'\n/],
    ['an unknown command', ['replya'], /^error: unknown command 'replya'\n\(Did you mean replay\?\)/],
    ['a missing argument', ['event'], /^error: missing required argument 'id'\n/],
    ['a missing second argument', ['diff', 'a'], /^error: missing required argument 'run-b'\n/],
    [
      'a bad --speed',
      ['replay', '--speed', 'fast'],
      /^tickflow: --speed: expected max, step, realtime or a factor like 10x .*got "fast"\n$/,
    ],
    [
      'a bad --partitions count',
      ['--partitions', 'x', 'audit'],
      /^tickflow: --partitions: expected an integer from 1 to 65536, got "x"\n$/,
    ],
    [
      '--partitions out of range',
      ['events', '--partitions', '2,7'],
      /^tickflow: --partitions: partition 7 is out of range: usage has partitions 0 to 3\n$/,
    ],
    ['a bad --from-id', ['events', '--from-id', 'abc'], /^tickflow: --from-id: /],
    [
      'a bad --time',
      ['replay', '--time', 'wall'],
      /^tickflow: --time: must be "event" or "append", got "wall"\n$/,
    ],
    [
      '--to before --from',
      ['events', '--from', '2024-03-02', '--to', '2024-03-01'],
      /^tickflow: --to: must not be before from\n$/,
    ],
    [
      'a bad --order',
      ['events', '--order', 'up'],
      /^tickflow: --order: must be "oldest" or "newest", got "up"\n$/,
    ],
    ['a bad --cursor', ['events', '--cursor', '!!'], /^tickflow: --cursor: not a cursor/],
    [
      'a bad --limit',
      ['audit', '--limit', '0'],
      /^tickflow: --limit: must be an integer from 1 to 1000, got 0\n$/,
    ],
    [
      'a bad --redis-url',
      ['--redis-url', 'http://x', 'audit'],
      /^tickflow: --redis-url: expected a redis:\/\/, rediss:\/\/, redis\+cluster:\/\/ or rediss\+cluster:\/\/ URL, got "http:\/\/x"\n$/,
    ],
    [
      '--export with paging',
      ['events', '--export', '--limit', '5'],
      /^tickflow: --export: exports the whole selection, oldest first: leave out --limit\n$/,
    ],
  ];
  for (const [what, argv, message] of cases) {
    it(what, async () => {
      const result = await tickflow(argv, { env: env() });
      expect(result.stderr).toMatch(message);
      expect(result.code).toBe(2);
    });
  }

  it('a bad --filter, with its position and a caret under it', async () => {
    for (const command of ['replay', 'events']) {
      const result = await tickflow([command, '--filter', 'data.price >> 3'], { env: env() });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        'tickflow: --filter: Unexpected token: GT (position 12)\n  data.price >> 3\n              ^\n',
      );
    }
    const typed = await tickflow(['dlq', 'requeue', '--filter=nope == 1', '--dry-run'], { env: env() });
    expect(typed.code).toBe(2);
    expect(typed.stderr).toBe('tickflow: --filter: Unknown variable: nope (position 0)\n  nope == 1\n  ^\n');
  });
});

describe('global options and failures', () => {
  it('reads --json, -n and --redis-url after the command too', async () => {
    const result = await tickflow(['audit', '-n', 'elsewhere', '--redis-url', file.server.url, '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(parsed(result)).toEqual({ entries: [] });
  });

  it('reads the global options before the command, as scripts give them', async () => {
    const argv = [
      '--redis-url',
      file.server.url,
      '--partitions',
      '4',
      '--json',
      'diff',
      'x',
      'y',
      '--types',
      'signal',
    ];
    const result = await tickflow(argv);
    expect(result.code, result.stderr).toBe(0);
    expect(parsed(result)).toMatchObject({ identical: true, left: 'x', right: 'y' });
  });

  it('exits 1 when Redis is not there', async () => {
    const result = await tickflow(['--redis-url', 'redis://127.0.0.1:1', 'audit']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^tickflow: cannot connect to redis:\/\/127\.0\.0\.1:1/);
  });
});
