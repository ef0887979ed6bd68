// The default source id names a file's content: the same file anywhere resumes and dedupes
// against its earlier runs; another file, or the same name with other content, does not.
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSourceId, fileSourceId } from '../src/pipeline/source-id.ts';
import { fixture } from './support/collect.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tickflow-source-id-'));
});
afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('fileSourceId', () => {
  it('given the same file copied to another folder, then the id is the same: name, size and a hash of the head', async () => {
    const original = fixture('tardis-quotes-bad-rows.csv');
    await mkdir(join(dir, 'elsewhere'));
    const copy = join(dir, 'elsewhere', 'tardis-quotes-bad-rows.csv');
    await copyFile(original, copy);

    const id = await fileSourceId(original);
    expect(await fileSourceId(copy)).toBe(id);
    expect(id).toMatch(/^tardis-quotes-bad-rows\.csv-\d+-[0-9a-f]{16}$/);
  });

  it('given another name, or the same name and size with one byte changed, then the id differs', async () => {
    await writeFile(join(dir, 'a.csv'), 'ts,bid\n1,100\n');
    await writeFile(join(dir, 'b.csv'), 'ts,bid\n1,100\n');
    await mkdir(join(dir, 'other'));
    await writeFile(join(dir, 'other', 'a.csv'), 'ts,bid\n1,101\n');

    const a = await fileSourceId(join(dir, 'a.csv'));
    expect(await fileSourceId(join(dir, 'b.csv'))).not.toBe(a);
    expect(await fileSourceId(join(dir, 'other', 'a.csv'))).not.toBe(a);
  });

  it('given a name with spaces and braces, then the id is still a valid key part', async () => {
    await writeFile(join(dir, 'my {quotes} file.csv'), 'x\n');

    expect(await fileSourceId(join(dir, 'my {quotes} file.csv'))).toMatch(
      /^my__quotes__file\.csv-2-[0-9a-f]{16}$/,
    );
  });
});

describe('defaultSourceId', () => {
  it('given synthetic feeds differing only in count, then they share an id (a longer run extends a shorter one); another seed does not', async () => {
    const options = {
      symbols: ['AAA'],
      seed: 1,
      ratePerSecond: 10,
      spreadBps: 2,
      startPrice: 100,
      volatility: 0.8,
      startTimeNs: 0n,
    };
    const short = await defaultSourceId({ kind: 'synthetic', options: { ...options, count: 10 } });

    expect(await defaultSourceId({ kind: 'synthetic', options: { ...options, count: 1_000 } })).toBe(short);
    expect(await defaultSourceId({ kind: 'synthetic', options: { ...options, seed: 2 } })).not.toBe(short);
  });
});
