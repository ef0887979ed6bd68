// The waterfall as a PNG through Debian's chromium (headless --screenshot): the file it writes
// is a PNG of the SVG's size times the scale. The picture itself is looked at by people, in docs.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReceivedSpan } from '@tickflow/testkit/otlp';
import { afterAll, describe, expect, it } from 'vitest';
import { renderWaterfallSvg } from './support/trace-waterfall.ts';
import { pngSize, renderSvgToPng } from './support/trace-waterfall-png.ts';

const out = mkdtempSync(join(tmpdir(), 'waterfall-test-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const base: Omit<ReceivedSpan, 'spanId' | 'name' | 'kind' | 'startNs' | 'endNs'> = {
  traceId: 'ab'.repeat(16),
  attributes: {},
  links: [],
  events: [],
  status: { code: 'UNSET' },
  resource: { 'service.name': 'market-data-ingest' },
  service: 'market-data-ingest',
  scope: { name: 'test' },
};

describe('waterfall PNG', () => {
  it('renders the SVG at its size times the scale', async () => {
    const send: ReceivedSpan = {
      ...base,
      spanId: '1'.repeat(16),
      name: 'send md',
      kind: 'PRODUCER',
      startNs: 0n,
      endNs: 400_000n,
    };
    const process: ReceivedSpan = {
      ...base,
      spanId: '2'.repeat(16),
      parentSpanId: send.spanId,
      name: 'process md',
      kind: 'CONSUMER',
      startNs: 1_000_000n,
      endNs: 2_000_000n,
      service: 'signal-engine',
    };
    const svg = renderWaterfallSvg([send, process], { width: 900 });
    const path = join(out, 'nested/waterfall.png');
    const size = await renderSvgToPng(svg, path, { scale: 2 });
    expect(existsSync(path)).toBe(true);
    const height = Number(/height="(\d+)"/.exec(svg)?.[1]);
    expect(size).toEqual({ width: 1800, height: height * 2 });
    expect(pngSize(readFileSync(path))).toEqual(size);
  });

  it('says what is wrong with an SVG it cannot size', async () => {
    await expect(
      renderSvgToPng('<svg xmlns="http://www.w3.org/2000/svg"></svg>', join(out, 'x.png')),
    ).rejects.toThrow(/no width and height/);
  });
});
