// REDIS_PASSWORD_FILE, API_READ_TOKEN_FILE, API_OPERATOR_TOKEN_FILE: the value read from a
// mounted file; exactly one of VAR and VAR_FILE; a missing, unreadable or empty file a
// config error naming the variable and the path, never a value.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, parseConfig } from '../src/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'tickflow-secret-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const base = { REDIS_URL: 'redis://127.0.0.1:7000' };
const parse = (env: Record<string, string>) => parseConfig('svc', z.object({}), { ...base, ...env });
const issuesOf = (env: Record<string, string>) => {
  try {
    parse(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('secrets from files', () => {
  it('reads each *_FILE into its variable, without trailing newlines', () => {
    const config = parse({
      REDIS_PASSWORD_FILE: file('redis', 'p@ss word:with/odd chars\n'),
      API_READ_TOKEN_FILE: file('read', 'read-token-0123456789\n\n'),
      // Written on Windows: its CRLF line ending is not part of the secret either.
      API_OPERATOR_TOKEN_FILE: file('operator', 'operator-token-0123456789\r\n'),
    });
    expect(config.REDIS_PASSWORD).toBe('p@ss word:with/odd chars');
    expect(config.API_READ_TOKEN).toBe('read-token-0123456789');
    expect(config.API_OPERATOR_TOKEN).toBe('operator-token-0123456789');
    expect(Object.keys(config).filter((key) => key.endsWith('_FILE') && key.startsWith('API'))).toEqual([]);
  });

  it('checks a value read from a file like one set directly', () => {
    expect(issuesOf({ API_READ_TOKEN_FILE: file('short', 'short\n') })).toEqual([
      { variable: 'API_READ_TOKEN', message: 'expected at least 16 printable characters, no spaces' },
    ]);
  });

  it('refuses both VAR and VAR_FILE, and a missing, unreadable or empty file, naming variable and path', () => {
    // A directory: unreadable as a file whoever runs the test (root reads any file's mode).
    const unreadable = dir;
    const missing = join(dir, 'no-such-file');
    const empty = file('empty', '\n');
    const issues = issuesOf({
      REDIS_PASSWORD: 'direct-secret-value',
      REDIS_PASSWORD_FILE: file('both', 'file-secret-value'),
      API_READ_TOKEN_FILE: missing,
      API_OPERATOR_TOKEN_FILE: empty,
    });
    expect(issues).toEqual([
      { variable: 'REDIS_PASSWORD_FILE', message: 'set together with REDIS_PASSWORD: set only one of them' },
      { variable: 'API_READ_TOKEN_FILE', message: `cannot read ${missing} (ENOENT)` },
      { variable: 'API_OPERATOR_TOKEN_FILE', message: `${empty} is empty` },
    ]);
    expect(issuesOf({ REDIS_PASSWORD_FILE: unreadable })).toEqual([
      { variable: 'REDIS_PASSWORD_FILE', message: `cannot read ${unreadable} (EISDIR)` },
    ]);
    for (const issue of issues) expect(issue.message).not.toMatch(/secret-value/);
  });
});
