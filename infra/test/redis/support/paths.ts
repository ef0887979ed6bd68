// The files under infra/redis the tests read or run.
import { join, resolve } from 'node:path';

export const REDIS_DIR = resolve(import.meta.dirname, '../../../redis');
export const ACL_FILE = join(REDIS_DIR, 'users.acl');
export const ADD_PASSWORDS = join(REDIS_DIR, 'add-passwords.sh');
