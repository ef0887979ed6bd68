#!/usr/bin/env node
// Usage: node infra/redis/acl/generate.ts [--check] — writes infra/redis/users.acl from the
// description in users.ts; with --check, exits 1 when the committed file differs instead.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderAclFile } from './render.ts';
import { aclUsers } from './users.ts';

const ACL_FILE = resolve(import.meta.dirname, '../users.acl');

const expected = renderAclFile(aclUsers());
if (process.argv.includes('--check')) {
  const committed = readFileSync(ACL_FILE, 'utf8');
  if (committed !== expected) {
    console.error(`${ACL_FILE} is out of date: run node infra/redis/acl/generate.ts`);
    process.exitCode = 1;
  }
} else {
  writeFileSync(ACL_FILE, expected);
  console.log(`wrote ${ACL_FILE}`);
}
