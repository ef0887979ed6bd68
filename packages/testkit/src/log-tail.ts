import { readFile } from 'node:fs/promises';

/**
 * Reads the last lines of several files, each under a header, for error messages.
 * Missing or unreadable files are skipped: this runs while reporting another failure.
 *
 * @param paths - files to read, in order.
 * @param maxLines - lines kept per file. Default 30.
 */
export async function readLogTails(paths: readonly string[], maxLines = 30): Promise<string> {
  const parts: string[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      continue;
    }
    const lines = text.trimEnd().split('\n');
    if (lines.length === 1 && lines[0] === '') {
      continue;
    }
    parts.push(`--- ${path} (last ${Math.min(maxLines, lines.length)} lines) ---`, ...lines.slice(-maxLines));
  }
  return parts.length === 0 ? '(no log output)' : parts.join('\n');
}
