// .dockerignore as docker's build context reads it (moby's patternmatcher): one pattern per
// line, `#` comments, `!` re-includes, the last pattern that matches a path or one of its
// parent folders decides; `*` and `?` stay within one path segment, `**` spans any number.
import { readFileSync } from 'node:fs';

interface Pattern {
  readonly regex: RegExp;
  readonly exclude: boolean;
  readonly source: string;
}

function toRegex(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern[i] ?? '';
    if (char === '*' && pattern[i + 1] === '*') {
      // `**/` matches zero or more folders; a trailing `**` anything below.
      if (pattern[i + 2] === '/') {
        out += '(?:.*/)?';
        i += 2;
      } else {
        out += '.*';
        i += 1;
      }
    } else if (char === '*') out += '[^/]*';
    else if (char === '?') out += '[^/]';
    else out += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** Docker cleans each pattern like a path: no leading `/` or `./`, no trailing `/`. */
function clean(pattern: string): string {
  return pattern.replace(/^\.?\/+/, '').replace(/\/+$/, '');
}

export interface DockerIgnore {
  /** Whether `path` (relative to the context, `/`-separated) is left out of the build context. */
  excludes(path: string): boolean;
}

export function parseDockerIgnore(text: string): DockerIgnore {
  const patterns: Pattern[] = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const exclude = !line.startsWith('!');
      const source = clean(exclude ? line : line.slice(1).trim());
      return { regex: toRegex(source), exclude, source };
    });
  return {
    excludes(path) {
      const parts = clean(path).split('/');
      // The path itself and each of its parents: excluding a folder excludes what it holds.
      const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
      let excluded = false;
      for (const pattern of patterns) {
        if (candidates.some((candidate) => pattern.regex.test(candidate))) excluded = pattern.exclude;
      }
      return excluded;
    },
  };
}

export function readDockerIgnore(path: string): DockerIgnore {
  return parseDockerIgnore(readFileSync(path, 'utf8'));
}
