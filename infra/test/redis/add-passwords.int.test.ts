// The deploy step that puts passwords into users.acl (add-passwords.sh, run by an init
// container) appends the SHA-256 of each mounted password file — the same file as the
// TypeScript twin the tests use — leaves a user without a file unable to log in, and refuses
// an empty password.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withPasswords } from '../../redis/acl/passwords.ts';
import { ACL_FILE, ADD_PASSWORDS } from './support/paths.ts';

const dir = mkdtempSync(join(tmpdir(), 'tickflow-add-passwords-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = () => spawnSync('sh', [ADD_PASSWORDS, ACL_FILE, dir], { encoding: 'utf8' });

describe('add-passwords.sh', () => {
  it('adds #<sha256> of each password file (trailing newlines dropped) and nothing else', () => {
    writeFileSync(join(dir, 'signal-engine'), 'se-Pässword with spaces\n');
    writeFileSync(join(dir, 'operator'), 'op-password');
    const { stdout, stderr, status } = run();
    expect(status).toBe(0);
    const committed = readFileSync(ACL_FILE, 'utf8');
    expect(stdout).toBe(
      withPasswords(committed, { 'signal-engine': 'se-Pässword with spaces', operator: 'op-password' }),
    );
    expect(stdout).not.toContain('se-Pässword');
    expect(stdout.split('\n').filter((line) => line.includes(' #'))).toHaveLength(2);
    expect(stderr).toContain('no ');
    expect(stderr).toContain('user fill-recorder cannot log in');
  });

  it('refuses an empty password file', () => {
    writeFileSync(join(dir, 'readonly'), '\n');
    const { status, stderr } = run();
    expect(status).toBe(1);
    expect(stderr).toContain(`${join(dir, 'readonly')} is empty`);
  });
});
