// Reads the Dockerfile into its stages and instructions, with build arguments substituted, so
// the tests run what the image runs without copying its command line or paths by hand.
// Covers the syntax the project's Dockerfile uses: line continuations, comments, the parser
// directive, ARG defaults (global and per stage), `${VAR}` / `$VAR`, JSON exec forms.
import { readFileSync } from 'node:fs';

export interface Instruction {
  /** Upper-case keyword: FROM, RUN, COPY … */
  readonly keyword: string;
  /** The rest of the line, continuations joined, build arguments substituted. */
  readonly text: string;
}

export interface Stage {
  /** `AS name`, or the stage's index as a string. */
  readonly name: string;
  readonly base: string;
  readonly instructions: readonly Instruction[];
}

export interface Dockerfile {
  readonly stages: readonly Stage[];
}

/** Splits the file into logical lines: comments dropped, `\` continuations joined. */
function logicalLines(source: string): string[] {
  const lines: string[] = [];
  let current = '';
  for (const raw of source.split('\n')) {
    const line = raw.trimEnd();
    if (line.trimStart().startsWith('#')) continue; // comments (and the syntax directive)
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    current += line;
    if (current.trim() !== '') lines.push(current.trim());
    current = '';
  }
  if (current.trim() !== '') lines.push(current.trim());
  return lines;
}

function substitute(text: string, args: ReadonlyMap<string, string>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced, bare) => {
    const value = args.get(braced ?? bare);
    return value ?? whole;
  });
}

/** `NAME=default` or `NAME` of an ARG. */
function argument(text: string): [string, string | undefined] {
  const at = text.indexOf('=');
  return at < 0 ? [text.trim(), undefined] : [text.slice(0, at).trim(), text.slice(at + 1).trim()];
}

/**
 * Parses `path` with `buildArgs` (what `--build-arg` gives). Arguments declared in a stage
 * are substituted in that stage only, as docker does (in a RUN the shell would expand them
 * from its environment: same result).
 */
export function readDockerfile(path: string, buildArgs: Record<string, string> = {}): Dockerfile {
  const globals = new Map<string, string>();
  const stages: { name: string; base: string; instructions: Instruction[] }[] = [];
  let scope = new Map<string, string>();
  for (const line of logicalLines(readFileSync(path, 'utf8'))) {
    const space = line.search(/\s/);
    const keyword = (space < 0 ? line : line.slice(0, space)).toUpperCase();
    const rest = space < 0 ? '' : line.slice(space + 1).trim();
    if (keyword === 'ARG') {
      const [name, fallback] = argument(rest);
      const value = buildArgs[name] ?? (stages.length === 0 ? fallback : (globals.get(name) ?? fallback));
      const target = stages.length === 0 ? globals : scope;
      if (value !== undefined) target.set(name, unquote(substitute(value, target)));
      else target.delete(name);
      continue;
    }
    if (keyword === 'FROM') {
      const [base = '', , name] = substitute(rest, globals).split(/\s+/);
      stages.push({ name: name ?? String(stages.length), base, instructions: [] });
      scope = new Map();
      continue;
    }
    const stage = stages.at(-1);
    if (stage === undefined) throw new Error(`${path}: ${keyword} before the first FROM`);
    stage.instructions.push({ keyword, text: substitute(rest, scope) });
  }
  return { stages };
}

function unquote(value: string): string {
  return /^".*"$/.test(value) || /^'.*'$/.test(value) ? value.slice(1, -1) : value;
}

export function stageNamed(file: Dockerfile, name: string): Stage {
  const stage = file.stages.find((candidate) => candidate.name === name);
  if (stage === undefined) throw new Error(`the Dockerfile has no stage ${name}`);
  return stage;
}

/** The last instruction `keyword` of `stage` (the one in force), or undefined. */
export function last(stage: Stage, keyword: string): string | undefined {
  return stage.instructions.findLast((instruction) => instruction.keyword === keyword)?.text;
}

export function all(stage: Stage, keyword: string): string[] {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword).map(({ text }) => text);
}

/** An exec-form (JSON array) ENTRYPOINT or CMD; a shell form is refused (it would not make node PID 1). */
export function execForm(text: string | undefined, what: string): string[] {
  if (text === undefined) return [];
  const value: unknown = JSON.parse(text);
  if (!Array.isArray(value) || !value.every((part) => typeof part === 'string')) {
    throw new Error(`${what} must be an exec form (a JSON array of strings), got ${text}`);
  }
  return value;
}

/** ENV `A=1 B="two"` pairs (the key=value form only). */
export function envPairs(texts: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const text of texts) {
    for (const match of text.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|\S*)/g)) {
      const [, name = '', value = ''] = match;
      env[name] = unquote(value);
    }
  }
  return env;
}

/** Sources and destination of a COPY, its `--flag=value` options apart. */
export function copyParts(text: string): {
  flags: Record<string, string>;
  sources: string[];
  destination: string;
} {
  const words = text.split(/\s+/);
  const flags: Record<string, string> = {};
  while (words[0]?.startsWith('--')) {
    const [name = '', value = ''] = (words.shift() ?? '').slice(2).split('=');
    flags[name] = value;
  }
  const destination = words.pop() ?? '';
  return { flags, sources: words, destination };
}
