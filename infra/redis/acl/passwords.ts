// The passwords step of add-passwords.sh, in TypeScript, for tests that start redis-server
// with the users of users.acl (a test checks the two give the same file).
import { createHash } from 'node:crypto';

/** `acl` with `#<sha256>` appended to each passworded user's line that has a password in `passwords`. */
export function withPasswords(acl: string, passwords: Readonly<Record<string, string>>): string {
  return acl.replace(/^user (\S+) on resetpass .*$/gm, (line, name: string) => {
    const password = passwords[name];
    if (password === undefined) return line;
    return `${line} #${createHash('sha256').update(password).digest('hex')}`;
  });
}
