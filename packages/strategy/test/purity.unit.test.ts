// The sources never read the wall clock or a random source: the same input must give the
// same signals on a replay. Time inside a strategy is ctx.clock.now(), the event's time.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');
const FORBIDDEN =
  /\bDate\.now\b|\bnew Date\b|\bperformance\.now\b|\bMath\.random\b|\bprocess\.hrtime\b|\bnowNs\b|\bcrypto\b/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

describe('purity', () => {
  it('given every source file, then none reads the wall clock or a random source', () => {
    const offenders = sourceFiles(SRC).filter((file) => FORBIDDEN.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
