// INGEST_MAX_LINE_BYTES: 1 MiB unless set, and a value outside 1 KiB–256 MiB refused at
// start-up by name, like every other variable.
import { ConfigError } from '@tickflow/service';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../src/config/load-settings.ts';

const BASE = { REDIS_URL: 'redis://127.0.0.1:6379', INGEST_SOURCE: 'tardis-quotes', INGEST_PATH: 'q.csv' };

function problems(env: Record<string, string>): string[] {
  try {
    loadSettings(env);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.issues.map((issue) => `${issue.variable}: ${issue.message}`);
  }
}

describe('INGEST_MAX_LINE_BYTES', () => {
  it('given nothing, then lines and messages may be 1 MiB; given 4194304, then 4 MiB', () => {
    expect(loadSettings(BASE).maxLineBytes).toBe(1_048_576);
    expect(loadSettings({ ...BASE, INGEST_MAX_LINE_BYTES: '4194304' }).maxLineBytes).toBe(4_194_304);
  });

  it.each(['512', '268435457', '1.5', 'lots'])('given %s, then it is refused naming the range', (value) => {
    expect(problems({ ...BASE, INGEST_MAX_LINE_BYTES: value })).toEqual([
      'INGEST_MAX_LINE_BYTES: expected an integer from 1024 to 268435456',
    ]);
  });
});
