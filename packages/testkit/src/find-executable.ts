import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/**
 * Looks `name` up in a PATH-style list of directories, like a shell would.
 *
 * @param name - executable file name, e.g. `'redis-server'`.
 * @param searchPath - directories joined by the platform's delimiter. Default `process.env.PATH`.
 * @returns the absolute path of the first executable regular file found, or `undefined`.
 */
export function findExecutable(
  name: string,
  searchPath: string = process.env.PATH ?? '',
): string | undefined {
  for (const dir of searchPath.split(delimiter)) {
    // An empty or relative entry would mean "relative to the cwd": a test helper should not
    // pick up whatever binary happens to sit in the current directory.
    if (dir === '' || !isAbsolute(dir)) {
      continue;
    }
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) {
      return candidate;
    }
  }
  return undefined;
}

/** True when `path` is a regular file the current user may execute. */
export function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
